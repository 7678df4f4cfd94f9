package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"
)

// Set by the release build (scripts/release.sh) with -ldflags -X: the
// version released, the commit it was built from (with -dirty when the
// tree had changes) and its time, and when it was built. A `go install`
// build leaves them empty, and the build information Go records says
// what it knows (see buildVersion).
var (
	stampVersion    string
	stampCommit     string
	stampCommitTime string
	stampDate       string
)

// buildVersion is what aovpnlint knows of its own build.
type buildVersion struct {
	// Version is the release (v1.2.0), the module version `go install
	// ...@v1.2.0` records, or "devel" for a build from a working tree.
	Version string `json:"version"`
	// Commit is the VCS revision, Modified whether the working tree had
	// changes; CommitTime is the commit's time (RFC 3339) and BuildTime
	// when the release was built. Each is empty when unknown.
	Commit     string `json:"commit"`
	Modified   bool   `json:"modified"`
	CommitTime string `json:"commitTime"`
	BuildTime  string `json:"buildTime"`
	// Go is the Go release it was built with; OS and Arch its target.
	Go   string `json:"go"`
	OS   string `json:"os"`
	Arch string `json:"arch"`
}

// readBuildVersion reads the stamps of a release build and the build
// information Go records in every binary (module version, vcs.revision,
// vcs.time, vcs.modified; see runtime/debug).
func readBuildVersion(e *env) buildVersion {
	bi, ok := buildInfo()
	return versionFrom(bi, ok, e.version, stamps{stampVersion, stampCommit, stampCommitTime, stampDate})
}

// buildInfo is debug.ReadBuildInfo, read once: a check asks for the
// version twice (the command line's and the report's).
var buildInfo = sync.OnceValues(debug.ReadBuildInfo)

// stamps are the values a release build sets.
type stamps struct{ version, commit, commitTime, date string }

// versionFrom makes the version from the build information bi (when ok),
// an override of the version (tests), and the stamps of a release build,
// which come before the build information.
func versionFrom(bi *debug.BuildInfo, ok bool, override string, st stamps) buildVersion {
	v := buildVersion{Version: "devel", Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if ok {
		if m := bi.Main.Version; m != "" && m != "(devel)" {
			v.Version = m
		}
		if bi.GoVersion != "" {
			v.Go = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Commit = s.Value
			case "vcs.time":
				v.CommitTime = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			case "GOOS":
				v.OS = s.Value
			case "GOARCH":
				v.Arch = s.Value
			}
		}
	}
	if st.version != "" {
		v.Version = st.version
	}
	if st.commit != "" {
		v.Commit, v.Modified = strings.TrimSuffix(st.commit, "-dirty"), strings.HasSuffix(st.commit, "-dirty")
	}
	if st.commitTime != "" {
		v.CommitTime = st.commitTime
	}
	v.BuildTime = st.date
	if override != "" {
		v.Version = override
	}
	return v
}

// version is the version reports name (the JSON, SARIF and JUnit tool
// version) and --version prints first.
func version(e *env) string { return readBuildVersion(e).Version }

// versionLine is what --version prints: the version, then the commit
// and its date when known, and the Go release and target.
func versionLine(e *env) string {
	v := readBuildVersion(e)
	var about []string
	if v.Commit != "" {
		c := v.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if v.Modified {
			c += "+modified"
		}
		about = append(about, "commit "+c)
	}
	if t := firstNonEmpty(v.BuildTime, v.CommitTime); len(t) >= 10 {
		about = append(about, t[:10])
	}
	about = append(about, v.Go+" "+v.OS+"/"+v.Arch)
	return fmt.Sprintf("aovpnlint %s (%s)", v.Version, strings.Join(about, ", "))
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func versionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version, the commit and build time, and the Go release it was built with",
		Description: `Prints what the binary knows of its build: the version (a release's, or the module
version go install records; devel for a build from a working tree), the commit and whether
the tree had changes, the commit's time and the release's build time, the Go release and
the target. --version prints the same on one line.

EXAMPLES:
   aovpnlint version
   aovpnlint version --format json

EXIT CODES:
   0  the version was printed
   2  bad usage`,
		Flags: []cli.Flag{
			&choiceFlag{StringFlag: &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: text or json"}, values: []string{"text", "json"}},
		},
		Action: func(c *cli.Context) error {
			format, err := choose(c, findFlag(c.Command, "format").(*choiceFlag))
			if err != nil {
				return err
			}
			if c.NArg() > 0 {
				return usagef("version takes no argument, but was given %s", quoteArg(c.Args().First()))
			}
			v := readBuildVersion(e)
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(v)
			}
			unknown := func(s, why string) string {
				if s == "" {
					return "unknown (" + why + ")"
				}
				return s
			}
			commit := unknown(v.Commit, "built without version control information")
			if v.Modified {
				commit += " (with uncommitted changes)"
			}
			fmt.Fprintf(e.stdout, "aovpnlint %s\ncommit:      %s\ncommit time: %s\nbuild time:  %s\ngo:          %s %s/%s\n",
				v.Version, commit, unknown(v.CommitTime, "built without version control information"),
				unknown(v.BuildTime, "not a release build"), v.Go, v.OS, v.Arch)
			return nil
		},
	}
}
