# Deploys the Contoso user tunnel (from the Always On VPN guide).
$ProfileName = 'Contoso VPN'
$ProfileXML = '<!-- Contoso''s user tunnel: each mistake below has a correction aovpnlint is certain of. -->
<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <RememberCredentials>false</RememberCredentials>
  <DnsSuffix>corp.example.com</DnsSuffix>
  <TrustedNetworkDetection>corp.example.com</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>vpn.example.com;vpn.example.com</Servers>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <MachineMethod>Eap</MachineMethod>
      <Eap>
        <Configuration>
          <EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
            <EapMethod>
              <Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type>
              <VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId>
              <VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType>
              <AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId>
            </EapMethod>
            <Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
              <Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1">
                <Type>13</Type>
                <EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1">
                  <CredentialsSource>
                    <CertificateStore>
                      <SimpleCertSelection>true</SimpleCertSelection>
                    </CertificateStore>
                  </CredentialsSource>
                  <ServerValidation>
                    <DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation>
                    <ServerNames>nps1.corp.example.com</ServerNames>
                    <TrustedRootCA>3b 1e 0f 6a 22 9c 4d 8e 71 5a 2b 90 c4 d1 ee 07 36 48 5f a2</TrustedRootCA>
                  </ServerValidation>
                  <DifferentUsername>false</DifferentUsername>
                  <PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation>
                  <AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName>
                  <TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">
                    <FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3">
                      <ClientAuthEKUList Enabled="true"/>
                    </FilteringInfo>
                  </TLSExtensions>
                </EapType>
              </Eap>
            </Config>
          </EapHostConfig>
        </Configuration>
      </Eap>
    </Authentication>
    <CryptographySuite>
      <AuthenticationTransformConstants>GCMAES128</AuthenticationTransformConstants>
      <CipherTransformConstants>GCMAES128</CipherTransformConstants>
      <PfsGroup>ECP256</PfsGroup>
      <DHGroup>ECP256</DHGroup>
      <IntegrityCheckMethod>SHA256</IntegrityCheckMethod>
      <EncryptionMethod>AES_GCM_128</EncryptionMethod>
    </CryptographySuite>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
    <PlumbIKEv2TSAsRoutes>false</PlumbIKEv2TSAsRoutes>
  </NativeProfile>
  <Route>
    <Address>10.20.0.0</Address>
    <PrefixSize>16</PrefixSize>
  </Route>
  <Route>
    <Address>2001:db8:20::</Address>
    <PrefixSize>48</PrefixSize>
  </Route>
  <DomainNameInformation>
    <DomainName>.corp.example.com</DomainName>
    <DnsServers>10.20.0.10,10.20.0.11</DnsServers>
  </DomainNameInformation>
</VPNProfile>
'

$ProfileNameEscaped = $ProfileName -replace ' ', '%20'
$Session = New-CimSession
# ... New-CimInstance with ProfileXML = $ProfileXML
