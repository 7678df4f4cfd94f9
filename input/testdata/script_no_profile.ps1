$Name = 'Contoso AlwaysOn VPN' # want IN002 "PowerShell script holds no ProfileXML or EapHostConfig literal"
Get-VpnConnection -AllUserConnection | Where-Object Name -eq $Name
