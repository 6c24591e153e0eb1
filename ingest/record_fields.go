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
	case *graph.StatuteProvision:
		statuteProvisionChecks(&f, n)
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

// statuteProvisionChecks are the field checks of a statute provision
// written through the API, as its file reader (statuteFile) makes them:
// its law, label and id under the law's, and each version's fields.
func statuteProvisionChecks(f *fieldProblems, n *graph.StatuteProvision) {
	f.require("law", n.LawID == "", "the id of the law the provision is part of, e.g. idn/law-21-2007")
	f.require("label", strings.TrimSpace(n.Label) == "", `what the statute calls it: "Pasal 2", "Section 6"`)
	if n.ID != "" && n.LawID != "" && (!hasPrefix(n.ID, n.LawID) || !provisionPath(strings.TrimPrefix(n.ID, n.LawID+"/"))) {
		f.problem("id", "statute provision id %q must be the law's id, then parts such as art_2, sec_51A, art_5/para_2/point_c: e.g. %s/art_2", n.ID, n.LawID)
	}
	f.require("versions", len(n.Versions) == 0, "at least one version of the provision's text, with its sources")
	for j, v := range n.Versions {
		at := func(field string) string { return fmt.Sprintf("versions[%d].%s", j, field) }
		f.require(at("text"), strings.TrimSpace(v.Text) == "", "the version's words")
		f.require(at("textKind"), v.TextKind == "", "VERBATIM (the statute's own words) or SUMMARY")
		f.require(at("madeBy"), strings.TrimSpace(v.MadeBy) == "", `the act that made this text: "as enacted", "as amended by A1500"`)
		f.require(at("from"), v.From.IsZero(), "the day this version took effect (YYYY, YYYY-MM or YYYY-MM-DD)")
		f.require(at("language"), v.Language == "", "a BCP 47 language tag: id, en, ms, th")
		f.require(at("edition"), v.Edition == "", "OFFICIAL or UNOFFICIAL_TRANSLATION")
		f.require(at("sources"), len(v.Sources) == 0, "the copy the text was read in (citation and, where one exists, url)")
		if v.Language != "" && !languageTag.MatchString(v.Language) {
			f.problem(at("language"), "language %q: want a BCP 47 tag such as id, en, ms or th", v.Language)
		}
		if !v.Until.IsZero() && !before(v.From, v.Until) {
			f.problem(at("until"), "until %s is not after from %s: a version is replaced after it takes effect", v.Until, v.From)
		}
	}
	if a, b, overlap := graph.Overlap(n.Versions); overlap {
		f.problem(fmt.Sprintf("versions[%d]", b), "this version is in force on days version %d also is (%s to %s): give the earlier one an until on or before the later one's from", a+1, n.Versions[a].From, orText(n.Versions[a].Until.String(), "now"))
	}
}
