# want IN003 "PowerShell '' escapes decoded"
# Deploys the Contoso user tunnel. Written the way MakeProfile.ps1 writes VPN_Profile.ps1:
# a single-quoted literal (a quote inside it is doubled) escaped at run time before the WMI call.
$ProfileName = 'Contoso AlwaysOn VPN'
$ProfileNameEscaped = $ProfileName -replace ' ', '%20'

$ProfileXML = '<VPNProfile>
  <!-- Contoso''s user tunnel -->
  <DnsSuffix>corp.example.com</DnsSuffix>
  <AlwaysOn>True</AlwaysOn> <!-- want VPN006 "AlwaysOn is \"True\"" --> <!-- want VPN061 -->
  <NativeProfile>
    <Servers>vpn.example.com</Servers>
    <NativeProtocolType>IKEv3</NativeProtocolType> <!-- want VPN005 -->
    <Authentication>
      <MachineMethod>Certificate</MachineMethod>
    </Authentication>
  </NativeProfile>
</VPNProfile>'

$ProfileXML = $ProfileXML -replace '<', '&lt;'
$ProfileXML = $ProfileXML -replace '>', '&gt;'
$ProfileXML = $ProfileXML -replace '"', '&quot;'

$nodeCSPURI = './Vendor/MSFT/VPNv2'
$namespaceName = 'root\cimv2\mdm\dmmap'
$className = 'MDM_VPNv2_01'

$session = New-CimSession
$newInstance = New-Object Microsoft.Management.Infrastructure.CimInstance $className, $namespaceName
$property = [Microsoft.Management.Infrastructure.CimProperty]::Create('ParentID', "$nodeCSPURI", 'String', 'Key')
$newInstance.CimInstanceProperties.Add($property)
$property = [Microsoft.Management.Infrastructure.CimProperty]::Create('InstanceID', "$ProfileNameEscaped", 'String', 'Key')
$newInstance.CimInstanceProperties.Add($property)
$property = [Microsoft.Management.Infrastructure.CimProperty]::Create('ProfileXML', "$ProfileXML", 'String', 'Property')
$newInstance.CimInstanceProperties.Add($property)
$session.CreateInstance($namespaceName, $newInstance)
