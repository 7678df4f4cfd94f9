$VpnParams = @{ # want IN002 "PowerShell script holds no ProfileXML or EapHostConfig literal"
    Name                 = 'Contoso Legacy VPN'
    ServerAddress        = 'vpn.contoso.com'
    TunnelType           = 'Ikev2'
    AuthenticationMethod = 'Eap'
    SplitTunneling       = $true
}
Add-VpnConnection @VpnParams -Force

# Settings Add-VpnConnection cannot make, written to the phone book.
$Entry = @'
[Contoso Legacy VPN]
Encoding=1
PBVersion=8
Type=2
VpnStrategy=7
DisableClassBasedDefaultRoute=1
MEDIA=rastapi
DEVICE=vpn
PhoneNumber=vpn.contoso.com
'@
Add-Content -Path "$env:APPDATA\Microsoft\Network\Connections\Pbk\rasphone.pbk" -Value $Entry
