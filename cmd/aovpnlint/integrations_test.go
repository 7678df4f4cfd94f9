package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// integrationStep is a command an integration runs: its script, its
// environment, and the files it writes that a later step reads (an
// upload, a report).
type integrationStep struct {
	name   string
	script string
	env    map[string]string
}

// expressions are ${{ inputs.x }} (GitHub) and ${{ parameters.x }}
// (Azure Pipelines), replaced by the input's default.
var expression = regexp.MustCompile(`\$\{\{\s*(inputs|parameters)\.([A-Za-z0-9_-]+)\s*\}\}`)

func readYAML(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// expandDefaults replaces the template expressions of s with the defaults.
func expandDefaults(t *testing.T, s string, defaults map[string]string) string {
	t.Helper()
	return expression.ReplaceAllStringFunc(s, func(m string) string {
		name := expression.FindStringSubmatch(m)[2]
		v, ok := defaults[name]
		if !ok {
			t.Errorf("%s names an input with no default", m)
		}
		return v
	})
}

// actionSteps are the run steps of action.yml but the install, with the
// inputs' defaults, and the files the steps that use other actions read.
func actionSteps(t *testing.T) (steps []integrationStep, reads []string) {
	var action struct {
		Inputs map[string]struct{ Default string }
		Runs   struct {
			Using string
			Steps []struct {
				ID, Shell, Run, Uses, If string
				Env                      map[string]string
				With                     map[string]string
			}
		}
	}
	readYAML(t, "action.yml", &action)
	defaults := map[string]string{}
	for name, in := range action.Inputs {
		defaults[name] = in.Default
	}
	if action.Runs.Using != "composite" {
		t.Errorf("action.yml runs using %q, want composite", action.Runs.Using)
	}
	for _, s := range action.Runs.Steps {
		switch {
		case strings.HasPrefix(s.ID, "install"):
		case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif"):
			reads = append(reads, expandDefaults(t, s.With["sarif_file"], defaults))
		case s.Uses != "":
		default:
			if s.Shell != "bash" {
				t.Errorf("step %s: shell %q; a composite step needs one, bash here", s.ID, s.Shell)
			}
			env := map[string]string{}
			for k, v := range s.Env {
				env[k] = expandDefaults(t, v, defaults)
			}
			steps = append(steps, integrationStep{name: "action.yml step " + s.ID, script: expandDefaults(t, s.Run, defaults), env: env})
		}
	}
	return steps, reads
}

// azureSteps are the bash steps of the Azure Pipelines template but the
// install, with the parameters' defaults and the build's directory, and
// the files its tasks read.
func azureSteps(t *testing.T, staging string) (steps []integrationStep, reads []string) {
	var tmpl struct {
		Parameters []struct {
			Name    string
			Default any
		}
		Steps []yaml.Node
	}
	readYAML(t, "integrations/azure-pipelines.yml", &tmpl)
	defaults := map[string]string{}
	for _, p := range tmpl.Parameters {
		defaults[p.Name] = fmt.Sprint(p.Default)
	}
	macros := strings.NewReplacer("$(Build.ArtifactStagingDirectory)", staging)
	type step struct {
		Bash, Task  string
		DisplayName string `yaml:"displayName"`
		Env         map[string]string
		Inputs      map[string]string
	}
	var add func(n yaml.Node)
	add = func(n yaml.Node) {
		// A conditional insertion: ${{ if ... }}: [steps].
		if n.Kind == yaml.MappingNode && len(n.Content) == 2 && strings.HasPrefix(n.Content[0].Value, "${{ if") {
			for _, c := range n.Content[1].Content {
				add(*c)
			}
			return
		}
		var s step
		if err := n.Decode(&s); err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasPrefix(s.DisplayName, "Install"):
		case s.Task != "":
			for k, v := range s.Inputs {
				if strings.Contains(v, "$(Build.ArtifactStagingDirectory)") && k != "SarifsInputDirectory" && k != "PathtoPublish" {
					reads = append(reads, macros.Replace(v))
				}
			}
		default:
			env := map[string]string{}
			for k, v := range s.Env {
				env[k] = expandDefaults(t, v, defaults)
			}
			steps = append(steps, integrationStep{name: "Azure Pipelines step " + s.DisplayName, script: macros.Replace(expandDefaults(t, s.Bash, defaults)), env: env})
		}
	}
	for _, n := range tmpl.Steps {
		add(n)
	}
	return steps, reads
}

// gitlabSteps are the script lines of the GitLab CI job (before_script
// installs), with its variables, and the report files it declares.
func gitlabSteps(t *testing.T) (steps []integrationStep, reads []string) {
	var ci map[string]struct {
		Variables map[string]string
		Script    []string
		Artifacts struct {
			Reports map[string]string
		}
	}
	readYAML(t, "integrations/gitlab-ci.yml", &ci)
	job, ok := ci["aovpnlint"]
	if !ok || len(job.Script) == 0 {
		t.Fatal("integrations/gitlab-ci.yml has no aovpnlint job with a script")
	}
	steps = append(steps, integrationStep{name: "GitLab job aovpnlint", script: strings.Join(job.Script, "\n"), env: job.Variables})
	for _, f := range job.Artifacts.Reports {
		reads = append(reads, f)
	}
	return steps, reads
}

// preCommitStep is the hook's entry on the files of examples/ its pattern
// selects, as pre-commit passes them.
func preCommitStep(t *testing.T, dir string) integrationStep {
	var hooks []struct {
		ID, Entry, Language, Files string
	}
	readYAML(t, ".pre-commit-hooks.yaml", &hooks)
	if len(hooks) != 1 || hooks[0].ID != "aovpnlint" || hooks[0].Language != "golang" {
		t.Fatalf(".pre-commit-hooks.yaml: %+v", hooks)
	}
	pattern := regexp.MustCompile(hooks[0].Files)
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		if err == nil && d.Type().IsRegular() && pattern.MatchString(filepath.ToSlash(rel)) {
			files = append(files, rel)
		}
		return err
	})
	if len(files) < 3 || !slices.Contains(files, filepath.Join("vpn", "ProfileXML_User.xml")) {
		t.Errorf("the hook's pattern selects %v of examples/", files)
	}
	return integrationStep{name: "pre-commit hook", script: hooks[0].Entry + " " + strings.Join(files, " ")}
}

// TestIntegrations runs the commands of every ready-made integration (the
// GitHub Action, the Azure Pipelines template, the GitLab CI job and the
// pre-commit hook) with bash and the program built from this tree, in a
// copy of examples/, as the CI systems would run them with their
// defaults, and checks what they write: SARIF that validates, JUnit that
// validates, a Code Quality report that decodes, annotations and issues
// that read back as commands, and every file an upload or a report reads.
func TestIntegrations(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	bin := cliBinary(t)
	examples, _ := filepath.Abs("examples")
	for _, which := range []string{"action", "azure", "gitlab", "pre-commit"} {
		t.Run(which, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(examples)); err != nil {
				t.Fatal(err)
			}
			var steps []integrationStep
			var reads []string
			switch which {
			case "action":
				steps, reads = actionSteps(t)
			case "azure":
				steps, reads = azureSteps(t, filepath.Join(dir, "staging"))
			case "gitlab":
				steps, reads = gitlabSteps(t)
			default:
				steps = []integrationStep{preCommitStep(t, dir)}
			}
			if len(steps) == 0 {
				t.Fatal("no step to run")
			}
			for _, s := range steps {
				if strings.Contains(s.script, "go install") {
					t.Fatalf("%s installs; the install steps are not run here, and nothing is fetched:\n%s", s.name, s.script)
				}
				cmd := exec.Command(bash, "-e", "-o", "pipefail", "-c", s.script)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
				for k, v := range s.env {
					cmd.Env = append(cmd.Env, k+"="+v)
				}
				out, err := cmd.Output()
				if err != nil {
					stderr := ""
					if ee, ok := err.(*exec.ExitError); ok {
						stderr = string(ee.Stderr)
					}
					t.Errorf("%s: %v on examples/\n%s\n%s%s", s.name, err, s.script, out, stderr)
					continue
				}
				checkAnnotations(t, s.name, string(out))
			}
			written := 0
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(dir, p)
				data, _ := os.ReadFile(p)
				switch {
				case strings.HasSuffix(p, ".sarif"):
					written++
					if err := validateSARIF(t, string(data)); err != nil {
						t.Errorf("%s: %s does not validate: %v", which, rel, err)
					}
					if log := decodeSARIF(t, string(data)); len(log.Runs[0].Results) == 0 {
						t.Errorf("%s: %s has no result", which, rel)
					}
				case strings.HasSuffix(p, "junit.xml"):
					written++
					validateJUnit(t, string(data))
					var doc junitDoc
					if err := xml.Unmarshal(data, &doc); err != nil || doc.Tests == 0 {
						t.Errorf("%s: %s: %d tests (%v)", which, rel, doc.Tests, err)
					}
				case strings.HasSuffix(p, "code-quality-report.json"):
					written++
					if len(decodeGitLab(t, string(data))) == 0 {
						t.Errorf("%s: %s has no issue", which, rel)
					}
				}
				return nil
			})
			for _, r := range reads {
				if !filepath.IsAbs(r) {
					r = filepath.Join(dir, r)
				}
				if _, err := os.Stat(r); err != nil {
					t.Errorf("%s: a later step reads %s, which no step wrote: %v", which, r, err)
				}
			}
			if want := map[string]int{"action": 1, "azure": 2, "gitlab": 2}[which]; written != want {
				t.Errorf("%s: %d reports written, want %d", which, written, want)
			}
		})
	}
}

// checkAnnotations checks that the workflow commands and logging commands
// a step printed read back as findings.
func checkAnnotations(t *testing.T, step, out string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if strings.HasPrefix(l, "::") {
			c, ok := parseGitHub(l)
			if !ok || !slices.Contains([]string{"error", "warning", "notice"}, c.name) || c.props["file"] == "" || c.props["line"] == "" || !strings.Contains(c.data, "\nfix: ") {
				t.Errorf("%s: annotation %q reads as %+v", step, l, c)
			}
		}
		if strings.HasPrefix(l, "##vso[") {
			c, ok := parseAzure(l)
			if !ok || c.name != "task.logissue" || c.props["sourcepath"] == "" || c.props["linenumber"] == "" {
				t.Errorf("%s: logging command %q reads as %+v", step, l, c)
			}
		}
	}
}
