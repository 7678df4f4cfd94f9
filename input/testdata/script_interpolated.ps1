param([string]$Server = 'vpn.example.com', [string]$DnsSuffix = 'corp.example.com')

# The profile depends on parameters: its value exists only when the script runs.
$ProfileXML = "<VPNProfile>
  <DnsSuffix>$DnsSuffix</DnsSuffix>
  <NativeProfile>
    <Servers>$Server;$Server</Servers>
  </NativeProfile>
</VPNProfile>" 
