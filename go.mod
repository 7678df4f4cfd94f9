module github.com/aovpnlint/aovpnlint

go 1.26.8

require (
	github.com/beevik/etree v1.6.0
	github.com/bmatcuk/doublestar/v4 v4.10.4
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.2
	github.com/smallstep/certinfo v1.7.0
	github.com/urfave/cli/v2 v2.27.7
	github.com/zmap/zcrypto v0.0.0-20260725024403-2c658ce3c66f // tests only: certcheck/zcrypto_diff_internal_test.go
	go.mozilla.org/pkcs7 v0.10.0
	go.yaml.in/yaml/v3 v3.0.4
	software.sslmate.com/src/go-pkcs12 v0.7.4
)

require (
	github.com/cpuguy83/go-md2man/v2 v2.0.7 // indirect
	github.com/go-logr/logr v1.4.3 // indirect
	github.com/google/certificate-transparency-go v1.4.0 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
	github.com/weppos/publicsuffix-go v0.50.4-0.20260715080728-6ed62ce99a4a // indirect
	github.com/xrash/smetrics v0.0.0-20240521201337-686a1a2994c1 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	k8s.io/klog/v2 v2.130.1 // indirect
)
