package graph_test

import (
	"testing"

	"github.com/pactwatch/pactwatch/graph"
)

// TestStatuteVersionOn: the version in force on a day, at every precision
// of its dates, and none between versions or before the first.
func TestStatuteVersionOn(t *testing.T) {
	p := &graph.StatuteProvision{ID: "mys/act-670/sec_12", Versions: []graph.StatuteProvisionVersion{
		{Text: "as enacted", From: d("2008-02-28"), Until: d("2010-11-15")},
		{Text: "as amended by A1385", From: d("2010-11-15"), Until: d("2015")},
		{Text: "as amended by A1500", From: d("2015-11")},
	}}
	for _, tc := range []struct {
		day, want string
	}{
		{"2008-02-27", ""},
		{"2008-02-28", "as enacted"},
		{"2010-11-14", "as enacted"},
		{"2010-11-15", "as amended by A1385"},
		{"2014-12-31", "as amended by A1385"},
		{"2015-01-01", ""}, // replaced in 2015: not known to stand on 1 January
		{"2015-11-29", ""}, // dated 2015-11: not known in force before 30 November
		{"2015-11-30", "as amended by A1500"},
		{"2026-12-01", "as amended by A1500"},
	} {
		t.Run(tc.day, func(t *testing.T) {
			got := ""
			if v := p.VersionOn(d(tc.day)); v != nil {
				got = v.Text
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			q := graph.Quote([]*graph.StatuteProvision{p}, d(tc.day))[0]
			if (q.Version == nil) != (tc.want == "") || (q.Version == nil) != (q.Note == graph.NoVersionNote) {
				t.Errorf("Quote: got version %v, note %q", q.Version, q.Note)
			}
		})
	}
}

// TestStatuteVersionOverlap: versions overlap when both stand on some day.
func TestStatuteVersionOverlap(t *testing.T) {
	for _, tc := range []struct {
		name string
		vs   []graph.StatuteProvisionVersion
		want bool
	}{
		{"OKConsecutive", []graph.StatuteProvisionVersion{{From: d("2008"), Until: d("2010-11-15")}, {From: d("2010-11-15")}}, false},
		{"OKGap", []graph.StatuteProvisionVersion{{From: d("2008"), Until: d("2009")}, {From: d("2010")}}, false},
		{"ErrTwoStanding", []graph.StatuteProvisionVersion{{From: d("2008")}, {From: d("2015")}}, true},
		{"ErrInside", []graph.StatuteProvisionVersion{{From: d("2008-01-01"), Until: d("2020-01-01")}, {From: d("2010-05-01"), Until: d("2011-01-01")}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, got := graph.Overlap(tc.vs); got != tc.want {
				t.Errorf("got overlap %v, want %v", got, tc.want)
			}
		})
	}
}

// TestResolveArticles: the references a link's articles make, read into
// held provisions: exact, the containing Pasal, the ayat inside one, and
// ranges; the rest unresolved with a reason.
func TestResolveArticles(t *testing.T) {
	held := []*graph.StatuteProvision{
		{ID: "idn/law-21-2007/art_1"}, {ID: "idn/law-21-2007/art_3"},
		{ID: "idn/law-21-2007/art_58/para_2"}, {ID: "idn/law-21-2007/art_58/para_3"},
		{ID: "mys/act-670/sec_51A"},
		{ID: "mys/act-670/sec_7"}, {ID: "mys/act-670/sec_7/subsec_2/para_c"}, {ID: "mys/act-670/sec_7/subsec_2/para_d"},
		{ID: "mys/act-670/sec_51/subsec_3/para_a/subpara_ii"},
	}
	for _, tc := range []struct {
		law        string
		articles   []string
		explicit   []string
		want       []string
		unresolved []string
	}{
		{"idn/law-21-2007", []string{"Pasal 1 angka 1", "Pasal 3"}, nil, []string{"idn/law-21-2007/art_1", "idn/law-21-2007/art_3"}, nil},
		{"idn/law-21-2007", []string{"Pasal 58(2)-(4)"}, nil, []string{"idn/law-21-2007/art_58/para_2", "idn/law-21-2007/art_58/para_3"}, []string{"Pasal 58(4)"}},
		{"idn/law-21-2007", []string{"Pasal 58"}, nil, []string{"idn/law-21-2007/art_58/para_2", "idn/law-21-2007/art_58/para_3"}, nil},
		{"idn/law-21-2007", []string{"Pasal 2-3"}, nil, []string{"idn/law-21-2007/art_3"}, []string{"Pasal 2"}},
		{"idn/law-21-2007", []string{"Pasal 1 angka 1 and 7"}, nil, nil, []string{"Pasal 1 angka 1 and 7"}},
		{"idn/law-21-2007", []string{"Pasal 99"}, []string{"idn/law-21-2007/art_3"}, []string{"idn/law-21-2007/art_3"}, nil},
		{"mys/act-670", []string{"s. 51A"}, nil, []string{"mys/act-670/sec_51A"}, nil},
		{"mys/act-670", []string{"ss. 51-52"}, nil, []string{"mys/act-670/sec_51/subsec_3/para_a/subpara_ii"}, []string{"s. 52"}},
		// A section's parts are subsections, paragraphs and subparagraphs.
		{"mys/act-670", []string{"s. 7(2)(c)", "s. 7(2)(d)"}, nil, []string{"mys/act-670/sec_7/subsec_2/para_c", "mys/act-670/sec_7/subsec_2/para_d"}, nil},
		{"mys/act-670", []string{"s. 7(2)(e)"}, nil, []string{"mys/act-670/sec_7"}, nil},
		{"mys/act-670", []string{"s. 51(3)(a)(ii)"}, nil, []string{"mys/act-670/sec_51/subsec_3/para_a/subpara_ii"}, nil},
	} {
		t.Run(tc.articles[0], func(t *testing.T) {
			res := graph.ResolveArticles(&graph.Implementation{LawID: tc.law, Articles: tc.articles, ProvisionIDs: tc.explicit}, held)
			if !equalStrings(res.ProvisionIDs, tc.want) {
				t.Errorf("got %v, want %v", res.ProvisionIDs, tc.want)
			}
			var un []string
			for _, u := range res.Unresolved {
				un = append(un, u.Article)
			}
			if !equalStrings(un, tc.unresolved) {
				t.Errorf("got unresolved %v, want %v", un, tc.unresolved)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
