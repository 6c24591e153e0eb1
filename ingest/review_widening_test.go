package ingest_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pactwatch/pactwatch/fixtures"
	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

// addedObligation is an obligation of the UN Protocol no fixture holds,
// added by the tests below to a copy of the corpus as a curator would add
// one: a new provision with a domestic obligation.
const addedObligation = "untoc-tip-protocol-2000/art_99/para_1/obl_1"

const addedProvision = `
  - id: untoc-tip-protocol-2000/art_99/para_1
    label: Article 99(1)
    text: "A provision added by a test."
    textKind: SUMMARY
    sources:
      - citation: "pactwatch test"
    obligations:
      - id: untoc-tip-protocol-2000/art_99/para_1/obl_1
        modality: OBLIGATION
        themes: [REPATRIATION]
        summary: "An obligation added by a test."
        nature: DOMESTIC_MEASURE
`

// corpusWithAddedObligation returns the embedded corpus with the Protocol's
// file holding addedProvision at its end.
func corpusWithAddedObligation(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(fixtures.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fixtures.FS, name)
		out[name] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	const file = "instruments/untoc-tip-protocol-2000.yaml"
	src := strings.TrimRight(string(out[file].Data), "\n") + "\n" + addedProvision
	out[file] = &fstest.MapFile{Data: []byte(src)}
	return out
}

// TestAddedObligationWidensNoReview: an obligation added to the corpus is
// covered by no review, so the engine calls it UNREVIEWED for every state,
// never "reviewed, none found" on the strength of a reading that never saw
// it.
func TestAddedObligationWidensNoReview(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	c, err := ingest.ParseFS(corpusWithAddedObligation(t), ".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(ctx, s, c); err != nil {
		t.Fatal(err)
	}
	ob, err := graph.Get[*graph.Obligation](ctx, s, addedObligation)
	if err != nil {
		t.Fatal(err)
	}
	reviews, err := graph.All[*graph.Review](ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(reviews) == 0 {
		t.Fatal("got no reviews in the corpus, want some")
	}
	for _, rv := range reviews {
		if rv.Covers(ob) {
			t.Errorf("review %s covers %s, added after it: got covered, want not", rv.ID, ob.ID)
		}
	}
	e := graph.NewEngine(s)
	for _, code := range []string{"IDN", "MYS"} {
		r, err := e.Status(ctx, code, addedObligation, graph.MustDate("2026-12-01"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Legal != graph.LegalUnreviewed {
			t.Errorf("%s: got legal status %s, want %s", code, r.Legal, graph.LegalUnreviewed)
		}
	}
}

// TestLoadErrReviewWidens: a load that would make a stored review cover an
// obligation it did not cover (an ALL_HELD review stored before ALL_HELD
// was refused, or a review that lists the provision the obligation is added
// to) is refused, naming the review and the obligation, and the store is
// left unchanged.
func TestLoadErrReviewWidens(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		review func(*graph.Review)
	}{
		{"AllHeld", func(rv *graph.Review) { rv.Scope, rv.ObligationIDs = graph.ReviewAllHeld, nil }},
		{"ListedProvision", func(rv *graph.Review) { rv.ProvisionIDs = []string{"untoc-tip-protocol-2000/art_99"} }},
	} {
		t.Run("Err"+tc.name, func(t *testing.T) {
			s := graphtest.MustOpenStore(t)
			if _, err := ingest.LoadEmbedded(ctx, s); err != nil {
				t.Fatal(err)
			}
			rv, err := graph.Get[*graph.Review](ctx, s, "IDN/review/untoc-tip-protocol-2000/statutes-2026")
			if err != nil {
				t.Fatal(err)
			}
			stored := *rv
			tc.review(&stored)
			if len(stored.ProvisionIDs) > 0 {
				// A provision the review lists must exist before the review does.
				graphtest.MustApply(t, s, &graph.Batch{Put: []graph.Node{&graph.Provision{ID: "untoc-tip-protocol-2000/art_99",
					InstrumentID: "untoc-tip-protocol-2000", Label: "Article 99", TextKind: graph.TextSummary, Text: "test",
					Record: graph.Record{Sources: []graph.Source{{Citation: "test"}}, Origin: "test"}}}})
			}
			graphtest.MustApply(t, s, &graph.Batch{Put: []graph.Node{&stored}})
			before := snapshot(t, s)
			c, err := ingest.ParseFS(corpusWithAddedObligation(t), "instruments/untoc-tip-protocol-2000.yaml")
			if err != nil {
				t.Fatal(err)
			}
			_, err = ingest.Load(ctx, s, c)
			var ps ingest.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("got %v, want Problems", err)
			}
			found := false
			for _, p := range ps {
				if strings.Contains(p.Message, stored.ID) && strings.Contains(p.Message, addedObligation) {
					found = true
					if p.File != "instruments/untoc-tip-protocol-2000.yaml" || p.Line == 0 {
						t.Errorf("got the problem at %s:%d, want the added obligation's line in the Protocol's file", p.File, p.Line)
					}
				}
			}
			if !found {
				t.Errorf("got %q, want a problem naming %s and %s", ps, stored.ID, addedObligation)
			}
			if after := snapshot(t, s); !equalNodes(after, before) {
				t.Error("got the store changed by a refused load, want it unchanged")
			}
		})
	}
}

// TestParseErrReviewAllHeld: a file cannot say which obligations were held
// when it was written, so a review in a file is LISTED.
func TestParseErrReviewAllHeld(t *testing.T) {
	src := corpusWithAddedObligation(t)
	const file = "states/idn.yaml"
	text := string(src[file].Data)
	i := strings.Index(text, "  scope: LISTED")
	if i < 0 {
		t.Fatal("states/idn.yaml has no LISTED review")
	}
	src[file].Data = []byte(text[:i] + "  scope: ALL_HELD" + text[i+len("  scope: LISTED"):])
	_, err := ingest.ParseFS(src, file)
	var ps ingest.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %v, want Problems", err)
	}
	for _, p := range ps {
		if p.File == file && strings.HasSuffix(p.Field, "scope") && strings.Contains(p.Message, "ALL_HELD") {
			return
		}
	}
	t.Errorf("got %q, want a problem at the review's scope", ps)
}
