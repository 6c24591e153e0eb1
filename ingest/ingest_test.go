package ingest_test

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/bad")

// goodFS returns the good test corpus as a map file system that tests can
// change file by file.
func goodFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := filepath.Join("testdata", "good")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// mustParse parses fsys and fails the test on any problem.
func mustParse(t *testing.T, fsys fstest.MapFS) *ingest.Corpus {
	t.Helper()
	c, err := ingest.ParseFS(fsys, ".")
	if err != nil {
		t.Fatalf("ParseFS: %v", err)
	}
	return c
}

// mustLoad loads fsys into s and fails the test on any problem.
func mustLoad(t *testing.T, s graph.Store, fsys fstest.MapFS) *graph.ApplyResult {
	t.Helper()
	res, err := ingest.Load(context.Background(), s, mustParse(t, fsys))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return res
}

// snapshot is everything a store holds: every node of every kind.
func snapshot(t *testing.T, r graph.Reader) map[string]graph.Node {
	t.Helper()
	ctx := context.Background()
	out := map[string]graph.Node{}
	for _, k := range graph.Kinds {
		ids, err := r.IDs(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		nodes, err := r.Nodes(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range nodes {
			out[ids[i]] = n
		}
	}
	return out
}

func TestParseFS(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c := mustParse(t, goodFS(t))
		wantOrigins := []string{"actions.csv", "evidence.csv", "instruments/test-conv-2015.yaml", "instruments/test-decl-2004.yaml", "states/xta.yaml", "states/xtb.yaml"}
		if !slices.Equal(c.Origins, wantOrigins) {
			t.Errorf("got origins %q, want %q", c.Origins, wantOrigins)
		}
		byID := map[string]graph.Node{}
		for _, n := range c.Nodes {
			byID[n.NodeID()] = n
		}
		if got, want := len(byID), 24; got != want {
			t.Errorf("got %d distinct nodes, want %d", got, want)
		}

		in := byID["test-conv-2015"].(*graph.Instrument)
		if in.Adopted != graph.MustDate("2015-11-21") || in.Rule.Ratifications != 2 || in.EntryIntoForce != graph.MustDate("2017-03-09") || len(in.EntryIntoForceSources) != 1 {
			t.Errorf("got instrument %+v, want adopted 2015-11-21, 2 ratifications, stated entry into force 2017-03-09 with one source", in)
		}
		if got := in.Sources[0]; got.Date != graph.MustDate("2015-11") || got.Locator != "p. 1" || got.Publisher != "Test Publisher" {
			t.Errorf("got source %+v, want date 2015-11, locator p. 1, publisher Test Publisher", got)
		}
		if len(in.Claims) != 1 || in.Claims[0].Value != "2015-11-21" || !in.Claims[0].Used {
			t.Errorf("got claims %+v, want one used claim of 2015-11-21", in.Claims)
		}
		if got := graph.RecordOf(in); got.Origin != "instruments/test-conv-2015.yaml" || got.OriginLine != 4 {
			t.Errorf("got origin %s:%d, want instruments/test-conv-2015.yaml:4", got.Origin, got.OriginLine)
		}

		if d := byID["test-decl-2004"].(*graph.Instrument); d.Summary != "A declaration made up for tests." || d.Summary != d.Note {
			t.Errorf("got summary %q and note %q, want both the anchored text", d.Summary, d.Note)
		}

		p := byID["test-conv-2015/art_2/para_1"].(*graph.Provision)
		if p.InstrumentID != "test-conv-2015" || p.Order != 2 || p.TextKind != graph.TextSummary {
			t.Errorf("got provision %+v, want instrument test-conv-2015, order 2, SUMMARY", p)
		}
		ob := byID["test-conv-2015/art_1/obl_1"].(*graph.Obligation)
		if ob.ProvisionID != "test-conv-2015/art_1" || ob.InstrumentID != "test-conv-2015" || ob.Modality != graph.ModalityObligation {
			t.Errorf("got obligation %+v, want provision test-conv-2015/art_1 and OBLIGATION", ob)
		}
		if got, want := ob.Sources, byID["test-conv-2015/art_1"].(*graph.Provision).Sources; !reflect.DeepEqual(got, want) {
			t.Errorf("got obligation sources %+v, want its provision's %+v", got, want)
		}
		ob2 := byID["test-conv-2015/art_2/para_1/obl_1"].(*graph.Obligation)
		if !slices.Equal(ob2.Themes, []graph.Theme{graph.ThemeProtection, graph.ThemeCooperation}) || ob2.Sources[0].Citation != "Test source B" {
			t.Errorf("got obligation %+v, want themes PROTECTION, COOPERATION and its own source", ob2)
		}

		a := byID["XTA/test-conv-2015/ratification"].(*graph.StateAction)
		if a.StateCode != "XTA" || a.Date != graph.MustDate("2016") || a.Deposited != graph.MustDate("2016-01-25") || a.DomesticActID != "xta/law-3-2015" ||
			len(a.Reservations) != 1 || a.Reservations[0].ProvisionIDs[0] != "test-conv-2015/art_2/para_1" || a.Reservations[0].TextKind != graph.TextSummary {
			t.Errorf("got action %+v, want XTA's ratification of 2016 deposited 2016-01-25 with one reservation", a)
		}
		impl := byID["xta/law-1-2007/implements/test-conv-2015/art_1/obl_1"].(*graph.Implementation)
		if impl.LawID != "xta/law-1-2007" || impl.Extent != graph.ExtentFull || !slices.Equal(impl.Articles, []string{"Art. 2", "Art. 3"}) || impl.Note == "" {
			t.Errorf("got implementation %+v, want the default id, FULL, Art. 2 and 3, a note", impl)
		}
		if _, ok := byID["xta/impl/protection"].(*graph.Implementation); !ok {
			t.Errorf("got no implementation xta/impl/protection, want the explicit id kept")
		}
		law := byID["xta/law-2-2016"].(*graph.Law)
		if !slices.Equal(law.AmendsIDs, []string{"xta/law-1-2007"}) || law.Enacted != graph.MustDate("2016-02") {
			t.Errorf("got law %+v, want it to amend xta/law-1-2007, enacted 2016-02", law)
		}
		ev := byID["xta/ev/cases-2013-2017"].(*graph.Evidence)
		wantFig := []graph.Figure{{Name: "prosecutions", Unit: "cases", Points: []graph.FigurePoint{{Period: "2013", Value: 4}, {Period: "2014", Value: 2.5}}}}
		if !reflect.DeepEqual(ev.Figures, wantFig) || ev.PeriodFrom != graph.MustDate("2013") || ev.Finding != graph.FindingGap {
			t.Errorf("got evidence %+v, want figures %+v, period from 2013, GAP", ev, wantFig)
		}
	})

	t.Run("OKCSV", func(t *testing.T) {
		c := mustParse(t, goodFS(t))
		byID := map[string]graph.Node{}
		for _, n := range c.Nodes {
			byID[n.NodeID()] = n
		}
		a, ok := byID["XTB/test-conv-2015/ratification"].(*graph.StateAction)
		if !ok {
			t.Fatalf("got no action XTB/test-conv-2015/ratification, want the default id from the CSV row")
		}
		want := &graph.StateAction{
			ID: "XTB/test-conv-2015/ratification", StateCode: "XTB", InstrumentID: "test-conv-2015", Kind: graph.ActionRatification,
			Date: graph.MustDate("2017-01"), Deposited: graph.MustDate("2017-02-07"), DomesticAct: "Test Ratification Order 2017",
			Record: graph.Record{Sources: []graph.Source{{Citation: "Test source C, table 1", URL: "https://example.org/c"}}, Origin: "actions.csv", OriginLine: 2},
		}
		if !reflect.DeepEqual(a, want) {
			t.Errorf("got %+v, want %+v", a, want)
		}
		if e := byID["XTB/test-decl-2004/endorsement"].(*graph.StateAction); e.Kind != graph.ActionEndorsement || e.Note == "" || graph.RecordOf(e).OriginLine != 3 {
			t.Errorf("got %+v, want an ENDORSEMENT with a note from line 3", e)
		}
		ev := byID["xtb/ev/report-2018"].(*graph.Evidence)
		if !slices.Equal(ev.ObligationIDs, []string{"test-conv-2015/art_1/obl_1", "test-decl-2004/para_1/obl_1"}) ||
			!slices.Equal(ev.Themes, []graph.Theme{graph.ThemeProsecution, graph.ThemeDataSharing}) || !ev.Unverified || ev.Date != graph.MustDate("2018-06") {
			t.Errorf("got evidence %+v, want two obligations, two themes, unverified, dated 2018-06", ev)
		}
	})

	t.Run("ErrCSVLineAfterMultilineCell", func(t *testing.T) {
		// A spreadsheet export: a byte-order mark, and a quoted cell that
		// spans two lines, so the next row starts on line 4.
		src := "\uFEFFstate,instrument,kind,source_citation,note\nXTA,test-conv-2015,SIGNATURE,Test source,\"two\nlines\"\nXTA,test-conv-2015,SIGNED,Test source,\n"
		_, err := ingest.ParseFS(fstest.MapFS{"actions.csv": {Data: []byte(src)}}, ".")
		want := `actions.csv:4:3: kind: invalid action kind "SIGNED": want one of SIGNATURE, RATIFICATION, ACCESSION, ACCEPTANCE, APPROVAL, ENDORSEMENT, WITHDRAWAL`
		if got := errString(err); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	t.Run("OKOrigins", func(t *testing.T) {
		// A file named alone, its directory, or the root all give the same origin.
		fsys := goodFS(t)
		for _, p := range []string{"states/xta.yaml", "states", "."} {
			c, err := ingest.ParseFS(fsys, p)
			if err != nil {
				t.Fatalf("ParseFS(%q): %v", p, err)
			}
			if !slices.Contains(c.Origins, "states/xta.yaml") {
				t.Errorf("ParseFS(%q): got origins %q, want states/xta.yaml among them", p, c.Origins)
			}
		}
		fsysGood := goodFS(t)
		c, err := ingest.ParsePaths(filepath.Join("testdata", "good", "states", "xta.yaml"), filepath.Join("testdata", "good", "instruments"))
		if err != nil {
			t.Fatalf("ParsePaths: %v", err)
		}
		want := []string{"instruments/test-conv-2015.yaml", "instruments/test-decl-2004.yaml", "states/xta.yaml"}
		if !slices.Equal(c.Origins, want) {
			t.Errorf("ParsePaths: got origins %q, want %q", c.Origins, want)
		}
		// Overlapping paths read each file once.
		c, err = ingest.ParsePaths(filepath.Join("testdata", "good"), filepath.Join("testdata", "good", "states", "xta.yaml"), filepath.Join("testdata", "good", "states"))
		if err != nil {
			t.Fatalf("ParsePaths with overlapping paths: %v", err)
		}
		if len(c.Nodes) != 24 || len(c.Origins) != 6 {
			t.Errorf("ParsePaths with overlapping paths: got %d nodes from %d files, want 24 from 6", len(c.Nodes), len(c.Origins))
		}
		// Two different files with one origin are refused.
		other := filepath.Join(t.TempDir(), "states")
		if err := os.MkdirAll(other, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(other, "xta.yaml"), fsysGood["states/xta.yaml"].Data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err = ingest.ParsePaths(filepath.Join("testdata", "good", "states", "xta.yaml"), other)
		if got := errString(err); !strings.Contains(got, "would load as states/xta.yaml; load them separately") {
			t.Errorf("ParsePaths with two files of one origin: got %q, want them refused", got)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := ingest.ParseFS(goodFS(t), "states/nope.yaml")
		var ps ingest.Problems
		if !errors.As(err, &ps) || len(ps) != 1 || ps[0].File != "states/nope.yaml" {
			t.Errorf("got %v, want one problem in states/nope.yaml", err)
		}
	})

	t.Run("ErrNotFoundOnDisk", func(t *testing.T) {
		missing := filepath.Join("testdata", "good", "states", "nope.yaml")
		_, err := ingest.ParsePaths(missing)
		if got, want := errString(err), missing+": cannot read: no such file or directory"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	t.Run("ErrNotFixture", func(t *testing.T) {
		fsys := goodFS(t)
		fsys["README.md"] = &fstest.MapFile{Data: []byte("# notes\n")}
		if _, err := ingest.ParseFS(fsys, "."); err != nil {
			t.Errorf("walking: got %v, want README.md skipped", err)
		}
		_, err := ingest.ParseFS(fsys, "README.md")
		if got, want := errString(err), "README.md: not a fixture file: want a .yaml, .yml or .csv file"; got != want {
			t.Errorf("naming it: got %q, want %q", got, want)
		}
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestCheckBad checks each bad file in testdata/bad against a store that
// holds the good corpus, and compares every problem reported with the
// golden file next to it. Load must refuse each and leave the store as it
// was. Run with -update to rewrite the golden files.
func TestCheckBad(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	mustLoad(t, s, goodFS(t))
	before := snapshot(t, s)

	entries, err := os.ReadDir(filepath.Join("testdata", "bad"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(filepath.Join("testdata", "bad"))
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".golden") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			c, parseErr := ingest.ParseFS(fsys, name)
			err := ingest.Check(ctx, s, c)
			if err == nil {
				t.Fatalf("got no problems, want some")
			}
			var ps ingest.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("got %T %v, want ingest.Problems", err, err)
			}
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("got code %q, want %q", graph.ErrorCode(err), graph.EINVALID)
			}
			if parseErr != nil {
				for _, p := range parseErr.(ingest.Problems) {
					if !slices.Contains(ps, p) {
						t.Errorf("Check lost the parse problem %q", p)
					}
				}
			}
			for _, p := range ps {
				if p.File == "" || p.Line == 0 {
					t.Errorf("got problem %q without a file and line, want every problem placed", p)
				}
			}
			got := err.Error() + "\n"
			golden := filepath.Join("testdata", "bad", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./ingest -run TestCheckBad -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("got problems:\n%s\nwant:\n%s", got, want)
			}

			if _, err := ingest.Load(ctx, s, c); err == nil {
				t.Fatalf("Load: got no error, want the same problems")
			}
			if after := snapshot(t, s); !reflect.DeepEqual(after, before) {
				t.Errorf("Load wrote to the store on error: got %d nodes, want the %d before", len(after), len(before))
			}
		})
	}
}

func deepEqual(a, b any) bool { return reflect.DeepEqual(a, b) }
