# A deploy script that also installs the root certificate: the PEM block inside it does
# not make it a certificate file; its profile is read.
$RootPem = @'
-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUExample
-----END CERTIFICATE-----
'@
$ProfileXML = '<VPNProfile>
  <AlwaysOn>True</AlwaysOn> <!-- want VPN006 --> <!-- want VPN061 -->
  <NativeProfile>
    <Servers>vpn.example.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
  </NativeProfile>
</VPNProfile>'
