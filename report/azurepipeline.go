package report

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// AzurePipeline identifies the Azure Pipelines job a report is written
// in. GitHub Advanced Security for Azure DevOps (GHAzDO) takes a SARIF
// run only when its automationDetails carry that identity: an id
// "azuredevops/pipeline/build/ORG/PROJECT/DEFINITION/PHASE/BRANCH/BUILD"
// and the build definition and phase as properties. Elsewhere (GitHub,
// a workstation) the id is the category (Options.Category), as GitHub
// code scanning reads it.
type AzurePipeline struct {
	Organization        string // from System.CollectionUri
	ProjectID           string // System.TeamProjectId, a GUID
	BuildDefinitionID   int    // Build.DefinitionId
	BuildDefinitionName string // Build.DefinitionName
	BuildID             int    // Build.BuildId
	PhaseID             string // System.PhaseId (System.JobId), a GUID
	PhaseName           string // System.PhaseName (System.JobName)
	Branch              string // Build.SourceBranch
}

// guid matches a GUID as Azure Pipelines writes one.
var guid = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
})

// AzurePipelineFromEnv reads the identity of the Azure Pipelines job from
// its predefined variables through getenv (TF_BUILD,
// SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECTID, BUILD_DEFINITIONID,
// BUILD_DEFINITIONNAME, BUILD_BUILDID, SYSTEM_PHASEID or SYSTEM_JOBID,
// SYSTEM_PHASENAME or SYSTEM_JOBNAME, BUILD_SOURCEBRANCH). It returns nil
// outside a pipeline (TF_BUILD is not true) and when a variable is missing
// or malformed, so that a report never carries a half identity.
func AzurePipelineFromEnv(getenv func(string) string) *AzurePipeline {
	if !strings.EqualFold(strings.TrimSpace(getenv("TF_BUILD")), "true") {
		return nil
	}
	first := func(names ...string) string {
		for _, n := range names {
			if v := strings.TrimSpace(getenv(n)); v != "" {
				return v
			}
		}
		return ""
	}
	positive := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return 0
		}
		return n
	}
	p := &AzurePipeline{
		Organization:        organization(first("SYSTEM_COLLECTIONURI")),
		ProjectID:           first("SYSTEM_TEAMPROJECTID"),
		BuildDefinitionID:   positive(first("BUILD_DEFINITIONID", "SYSTEM_DEFINITIONID")),
		BuildDefinitionName: first("BUILD_DEFINITIONNAME"),
		BuildID:             positive(first("BUILD_BUILDID")),
		PhaseID:             first("SYSTEM_PHASEID", "SYSTEM_JOBID"),
		PhaseName:           first("SYSTEM_PHASENAME", "SYSTEM_JOBNAME"),
		Branch:              first("BUILD_SOURCEBRANCH"),
	}
	if p.Organization == "" || !guid().MatchString(p.ProjectID) || p.BuildDefinitionID == 0 || p.BuildDefinitionName == "" ||
		p.BuildID == 0 || !guid().MatchString(p.PhaseID) || strings.Trim(p.PhaseID, "0-") == "" || p.PhaseName == "" || p.Branch == "" {
		return nil
	}
	return p
}

// organization is the organization of a collection URI:
// https://dev.azure.com/contoso/ and https://contoso.visualstudio.com/ are
// contoso's; another host (Azure DevOps Server) is named by its first path
// segment, or its host.
func organization(collection string) string {
	u, err := url.Parse(collection)
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if sub, ok := strings.CutSuffix(host, ".visualstudio.com"); ok {
		return sub
	}
	if seg, _, _ := strings.Cut(strings.Trim(u.Path, "/"), "/"); seg != "" {
		return seg
	}
	return host
}

// id is the automationDetails.id GHAzDO expects.
func (p *AzurePipeline) id() string {
	return "azuredevops/pipeline/build/" + p.Organization + "/" + p.ProjectID + "/" + strconv.Itoa(p.BuildDefinitionID) +
		"/" + p.PhaseID + "/" + p.Branch + "/" + strconv.Itoa(p.BuildID)
}

// properties are the automationDetails properties GHAzDO expects.
func (p *AzurePipeline) properties() map[string]string {
	return map[string]string{
		"azuredevops/pipeline/build/buildDefinitionId":   strconv.Itoa(p.BuildDefinitionID),
		"azuredevops/pipeline/build/buildDefinitionName": p.BuildDefinitionName,
		"azuredevops/pipeline/build/phaseId":             p.PhaseID,
		"azuredevops/pipeline/build/phaseName":           p.PhaseName,
	}
}
