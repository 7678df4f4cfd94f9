# Builds the profile with an XmlTextWriter: there is no literal profile to read.
$Path = Join-Path $env:TEMP 'ProfileXML.xml'
$Writer = New-Object System.Xml.XmlTextWriter($Path, $null) # want IN004 "builds the profile at run time \(XmlTextWriter at line 3\)"
$Writer.WriteStartDocument()
$Writer.WriteStartElement('VPNProfile')
$Writer.WriteElementString('AlwaysOn', 'true')
$Writer.WriteEndElement()
$Writer.Close()
