# want IN003 "PowerShell backtick escapes decoded"
# Typographic quotes (as pasted from a web page) are quotes to PowerShell too.
$DeviceXML = ‘<VPNProfile>
  <DeviceTunnel>true</DeviceTunnel>
  <AlwaysOn>true</AlwaysOn> <!-- want VPN061 -->
  <NativeProfile> <!-- want VPN030 -->
    <Servers>vpn.example.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
  </NativeProfile>
  <Colour>blue</Colour> <!-- want VPN003 -->
</VPNProfile>’
$EapXML = "<EapHostConfig xmlns=`"http://www.microsoft.com/provisioning/EapHostConfig`"><EapMethod><Type xmlns=`"http://www.microsoft.com/provisioning/EapCommon`">21</Type></EapMethod></EapHostConfig>" # want EAP005 "EAP-TTLS" EAP006 "neither Config nor ConfigBlob" EAP006 "EapMethod has no AuthorId"
