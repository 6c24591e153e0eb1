package ingest_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

func TestLoad(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		s := graphtest.MustOpenStore(t)
		res := mustLoad(t, s, goodFS(t))
		if len(res.Added) != 24 || len(res.Changed) != 0 || len(res.Removed) != 0 {
			t.Errorf("got %d added, %d changed, %d removed, want 24 added", len(res.Added), len(res.Changed), len(res.Removed))
		}
		acts, err := graph.Related[*graph.StateAction](ctx, s, graph.RelInstrumentActions, "test-conv-2015")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range acts {
			ids = append(ids, a.ID)
		}
		want := []string{"XTA/test-conv-2015/ratification", "XTA/test-conv-2015/signature", "XTB/test-conv-2015/ratification"}
		if !slices.Equal(ids, want) {
			t.Errorf("got actions on test-conv-2015 %q, want %q", ids, want)
		}
		impls, err := graph.Related[*graph.Implementation](ctx, s, graph.RelObligationImplementations, "test-conv-2015/art_1/obl_1")
		if err != nil {
			t.Fatal(err)
		}
		if len(impls) != 2 {
			t.Errorf("got %d implementations of test-conv-2015/art_1/obl_1, want 2 (xta/law-1-2007 and xtb/law-9-2008)", len(impls))
		}
	})

	t.Run("OKIdempotent", func(t *testing.T) {
		s := graphtest.MustOpenStore(t)
		mustLoad(t, s, goodFS(t))
		before := snapshot(t, s)
		res := mustLoad(t, s, goodFS(t))
		if len(res.Added)+len(res.Changed)+len(res.Removed) != 0 || res.Unchanged != 24 {
			t.Errorf("got added %q, changed %q, removed %q, unchanged %d, want 24 unchanged and nothing else", res.Added, res.Changed, res.Removed, res.Unchanged)
		}
		if after := snapshot(t, s); !equalNodes(after, before) {
			t.Errorf("got the store changed by a reload of the same files, want it unchanged")
		}
	})

	t.Run("OKChangedFileLeavesNoStaleEdges", func(t *testing.T) {
		s := graphtest.MustOpenStore(t)
		fsys := goodFS(t)
		mustLoad(t, s, fsys)

		// Drop the second law (and its implementation) from XTA's file and
		// point the evidence at another obligation.
		src := string(fsys["states/xta.yaml"].Data)
		start, end := strings.Index(src, "  - id: xta/law-2-2016"), strings.Index(src, "  - id: xta/law-3-2015")
		src = src[:start] + src[end:]
		src = strings.Replace(src, "obligations: [test-conv-2015/art_1/obl_1]", "obligations: [test-conv-2015/art_2/para_1/obl_1]", 1)
		fsys["states/xta.yaml"] = &fstest.MapFile{Data: []byte(src)}
		c, err := ingest.ParseFS(fsys, "states/xta.yaml")
		if err != nil {
			t.Fatal(err)
		}
		res, err := ingest.Load(ctx, s, c)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if want := []string{"xta/impl/protection", "xta/law-2-2016"}; !slices.Equal(sorted(res.Removed), want) {
			t.Errorf("got removed %q, want %q", res.Removed, want)
		}
		// xta/law-3-2015 moved up the file, its fields the same: unchanged,
		// it keeps its stored line.
		if want := []string{"xta/ev/cases-2013-2017"}; !slices.Equal(sorted(res.Changed), want) {
			t.Errorf("got changed %q, want %q", res.Changed, want)
		}
		for _, tc := range []struct {
			rel  graph.Relation
			from string
			want []string
		}{
			{graph.RelObligationImplementations, "test-conv-2015/art_2/para_1/obl_1", nil},
			{graph.RelLawAmendments, "xta/law-1-2007", nil},
			{graph.RelStateLaws, "XTA", []string{"xta/law-1-2007", "xta/law-3-2015"}},
			{graph.RelObligationEvidence, "test-conv-2015/art_1/obl_1", []string{"xtb/ev/report-2018"}},
			{graph.RelObligationEvidence, "test-conv-2015/art_2/para_1/obl_1", []string{"xta/ev/cases-2013-2017"}},
		} {
			got, err := s.Neighbors(ctx, tc.rel, []string{tc.from})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got[0], tc.want) {
				t.Errorf("neighbors %d of %s: got %q, want %q", tc.rel, tc.from, got[0], tc.want)
			}
		}
	})

	t.Run("OKEmptiedFileRemovesItsRecords", func(t *testing.T) {
		s := graphtest.MustOpenStore(t)
		fsys := goodFS(t)
		mustLoad(t, s, fsys)
		c, err := ingest.ParseFS(fstest.MapFS{"evidence.csv": {Data: []byte("id,state,kind,date,finding,summary,source_citation\n")}}, ".")
		if err != nil {
			t.Fatal(err)
		}
		res, err := ingest.Load(ctx, s, c)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if want := []string{"xtb/ev/report-2018"}; !slices.Equal(res.Removed, want) {
			t.Errorf("got removed %q, want %q", res.Removed, want)
		}
	})

	t.Run("ErrRemovesReferencedRecord", func(t *testing.T) {
		s := graphtest.MustOpenStore(t)
		fsys := goodFS(t)
		mustLoad(t, s, fsys)
		before := snapshot(t, s)
		// Removing art_1 from the convention's file would strand XTA's and
		// XTB's laws and evidence, which other files hold.
		src := string(fsys["instruments/test-conv-2015.yaml"].Data)
		start, end := strings.Index(src, "  - id: test-conv-2015/art_1\n"), strings.Index(src, "  - id: test-conv-2015/art_2/para_1\n")
		c, err := ingest.ParseFS(fstest.MapFS{"instruments/test-conv-2015.yaml": {Data: []byte(src[:start] + src[end:])}}, ".")
		if err != nil {
			t.Fatal(err)
		}
		_, err = ingest.Load(ctx, s, c)
		var ps ingest.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("got %v, want Problems", err)
		}
		var files []string
		for _, p := range ps {
			files = append(files, p.File)
			if !strings.Contains(p.Message, "test-conv-2015/art_1/obl_1") || !strings.Contains(p.Message, "which this load removes") {
				t.Errorf("got problem %q, want one naming the removed obligation", p)
			}
		}
		if want := []string{"evidence.csv", "states/xta.yaml", "states/xta.yaml", "states/xtb.yaml"}; !slices.Equal(files, want) {
			t.Errorf("got problems in %q, want in %q:\n%v", files, want, err)
		}
		if after := snapshot(t, s); !equalNodes(after, before) {
			t.Errorf("got the store changed by a failed load, want it unchanged")
		}
	})

	t.Run("ErrParseProblemsWriteNothing", func(t *testing.T) {
		s := graphtest.MustOpenStore(t)
		fsys := goodFS(t)
		fsys["states/xtb.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys["states/xtb.yaml"].Data), "enacted: 2008", "enacted: 2008-02-30", 1))}
		c, err := ingest.ParseFS(fsys, ".")
		if err == nil {
			t.Fatal("ParseFS: got no error, want the bad date")
		}
		if _, err := ingest.Load(ctx, s, c); err == nil || !strings.Contains(err.Error(), `states/xtb.yaml:11:14: laws[0].enacted: invalid date "2008-02-30"`) {
			t.Errorf("got %v, want the bad date reported", err)
		}
		if after := snapshot(t, s); len(after) != 0 {
			t.Errorf("got %d nodes written, want none", len(after))
		}
	})

	t.Run("ErrNilCorpus", func(t *testing.T) {
		if _, err := ingest.Load(ctx, graphtest.MustOpenStore(t), nil); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("got %v, want an EINVALID error", err)
		}
	})
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	t.Run("OKAlone", func(t *testing.T) {
		if err := ingest.Check(ctx, nil, mustParse(t, goodFS(t))); err != nil {
			t.Errorf("got %v, want the good corpus valid on its own", err)
		}
	})
	t.Run("ErrAloneMissesStoredReferences", func(t *testing.T) {
		// XTB's file refers to the convention; alone, without a store, that is dangling.
		c, err := ingest.ParseFS(goodFS(t), "states/xtb.yaml")
		if err != nil {
			t.Fatal(err)
		}
		err = ingest.Check(ctx, nil, c)
		want := `states/xtb.yaml:15:21: laws[0].implements[0].obligation: no obligation "test-conv-2015/art_1/obl_1" in the fixtures or the store`
		if got := errString(err); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("OKAgainstStore", func(t *testing.T) {
		s := graphtest.MustOpenStore(t)
		mustLoad(t, s, goodFS(t))
		c, err := ingest.ParseFS(goodFS(t), "states/xtb.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if err := ingest.Check(ctx, s, c); err != nil {
			t.Errorf("got %v, want references to stored nodes accepted", err)
		}
	})
}

func TestProblem(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    ingest.Problem
		want string
	}{
		{"OK", ingest.Problem{File: "states/idn.yaml", Line: 42, Col: 7, Field: "laws[3].enacted", Message: "bad"}, "states/idn.yaml:42:7: laws[3].enacted: bad"},
		{"OKNoField", ingest.Problem{File: "a.yaml", Line: 1, Col: 2, Message: "bad"}, "a.yaml:1:2: bad"},
		{"OKNoColumn", ingest.Problem{File: "a.csv", Line: 1, Field: "kind", Message: "bad"}, "a.csv:1: kind: bad"},
		{"OKNoPlace", ingest.Problem{Message: "bad"}, "bad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("OKProblemsAsGraphError", func(t *testing.T) {
		var err error = ingest.Problems{{File: "a.yaml", Line: 1, Message: "x"}, {File: "b.yaml", Line: 2, Message: "y"}}
		var ge *graph.Error
		if !errors.As(err, &ge) || ge.Code != graph.EINVALID || !slices.Equal(ge.Details, []string{"a.yaml:1: x", "b.yaml:2: y"}) {
			t.Errorf("got %+v, want EINVALID with both problems as details", ge)
		}
		if got, want := err.Error(), "a.yaml:1: x\nb.yaml:2: y"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// equalNodes compares two snapshots by id and by each node's stored value.
func equalNodes(a, b map[string]graph.Node) bool {
	if len(a) != len(b) {
		return false
	}
	for id, n := range a {
		m, ok := b[id]
		if !ok || !deepEqual(n, m) {
			return false
		}
	}
	return true
}
