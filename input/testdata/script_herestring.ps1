<#
.SYNOPSIS
    Creates the device tunnel. The profile is a here-string: its text is taken as written.
    It's a block comment with an apostrophe, which must not start a string.
#>
[CmdletBinding()]
Param()

[xml]$ProfileXML = @'
<VPNProfile>
  <DeviceTunnel>true</DeviceTunnel>
  <AlwaysOn>yes</AlwaysOn> <!-- want VPN006 --> <!-- want VPN034 -->
  <NativeProfile> <!-- want VPN030 -->
    <Servers>vpn.example.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <MachineMethod>Certificate</MachineMethod>
    </Authentication>
  </NativeProfile>
</VPNProfile>
'@

Write-Verbose "Profile has $($ProfileXML.VPNProfile.ChildNodes.Count) settings"
