# A generator in the style of MakeProfile.ps1: the EAP settings come from a template
# connection on the machine running it, so the profile cannot be read from this file.
$Template = 'Template'
$Connection = Get-VpnConnection -Name $Template
$EAPSettings = $Connection.EapConfigXmlStream.InnerXml

$ProfileXML =
'<VPNProfile>
  <NativeProfile>
    <Servers>vpn.example.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap>
        <Configuration>' + $EAPSettings + '</Configuration>
      </Eap>
    </Authentication>
  </NativeProfile>
</VPNProfile>'
