package ingest

import (
	"fmt"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// The field checks of a record given as a value (through the API) rather
// than read from a file: a source with something in it, the fields the file
// readers require of the kinds curators write (evidence, reviews,
// implementation links), and the checks those readers share
// (evidenceChecks, reviewChecks). Each problem names the field as the files
// spell it.

// fieldProblems collects the problems of one record's fields.
type fieldProblems []Problem

func (f *fieldProblems) problem(key, format string, args ...any) {
	*f = append(*f, Problem{Field: key, Message: fmt.Sprintf(format, args...)})
}

// require reports key when it is empty, saying what it holds.
func (f *fieldProblems) require(key string, empty bool, what string) {
	if empty {
		f.problem(key, "required: %s", what)
	}
}

// fieldChecks returns the problems of n's own fields.
func fieldChecks(n graph.Node) []Problem {
	var f fieldProblems
	for i, src := range graph.RecordOf(n).Sources {
		if strings.TrimSpace(src.Citation) == "" && strings.TrimSpace(src.URL) == "" {
			f.problem("sources", "source %d: a source needs a citation or a url", i+1)
		}
	}
	switch n := n.(type) {
	case *graph.Evidence:
		f.require("state", n.StateCode == "", "the state's code, e.g. IDN")
		f.require("kind", n.Kind == "", "what the evidence is: "+enumList(graph.EvidenceKinds))
		f.require("date", n.Date.IsZero(), "when it was observed or published (YYYY, YYYY-MM or YYYY-MM-DD)")
		f.require("finding", n.Finding == "", "what it finds: "+enumList(graph.Findings))
		f.require("summary", strings.TrimSpace(n.Summary) == "", "what it says, in a sentence")
		var p parsed
		p.evidenceChecks(&f, n)
		if n.Tier != "" && n.ReportYear == 0 {
			f.problem("reportYear", "required with a tier: the year of the report that gives it")
		}
		if prefix := strings.ToLower(n.StateCode); n.ID != "" && prefix != "" && !hasPrefix(n.ID, prefix) {
			f.problem("id", "evidence id %q must start with the state's code in lower case, e.g. %s/ev/police-cases-2013-2017", n.ID, prefix)
		}
	case *graph.Review:
		f.require("state", n.StateCode == "", "the state's code, e.g. IDN")
		f.require("instrument", n.InstrumentID == "", "the instrument the law was read against")
		f.require("scope", n.Scope == "", "what the law was read against: "+enumList(graph.ReviewScopes))
		f.require("date", n.Date.IsZero(), "the day the review speaks for (the latest text read)")
		f.require("method", n.Method == "", "how the law was examined: "+enumList(graph.ReviewMethods))
		f.require("reviewer", strings.TrimSpace(n.Reviewer) == "", "who reviewed, or the source that did")
		f.require("summary", strings.TrimSpace(n.Summary) == "", "what was read and found")
		reviewChecks(&f, n)
	case *graph.Implementation:
		f.require("law", n.LawID == "", "the id of the law that implements the obligation")
		f.require("obligation", n.ObligationID == "", "the id of the obligation it implements")
		f.require("extent", n.Extent == "", "how completely: "+enumList(graph.Extents))
	}
	return f
}

func enumList[E ~string](values []E) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
