package search_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/graph/search"
	"github.com/pactwatch/pactwatch/ingest"
)

// fixtureStore is an in-memory store holding the embedded fixtures.
func fixtureStore(t *testing.T) graph.Store {
	t.Helper()
	s := graphtest.MustOpenStore(t)
	if _, err := ingest.LoadEmbedded(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}

func version(r graph.Reader) uint64 {
	if v, ok := r.(graph.Versioner); ok {
		return v.Version()
	}
	return 0
}

func mustBuild(t *testing.T, s graph.Store) *search.Index {
	t.Helper()
	ix := search.NewMemory()
	start := time.Now()
	if err := ix.Rebuild(context.Background(), s, version(s)); err != nil {
		t.Fatal(err)
	}
	t.Logf("built %d documents in %s", ix.Status().Documents, time.Since(start))
	t.Cleanup(func() { ix.Close() })
	return ix
}

func records(res *search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Kind+" "+h.Record)
	}
	return out
}

func TestSearch(t *testing.T) {
	s := fixtureStore(t)
	ix := mustBuild(t, s)
	ctx := context.Background()

	tests := []struct {
		name string
		q    search.Query
		want string // "KIND record" among the hits
	}{
		{"OK/hyphenated word finds ACTIP 14(7)", search.Query{Text: "non-punishment", Size: 10}, "PROVISION actip-2015/art_14/para_7"},
		{"OK/stemming", search.Query{Text: "punishing", Size: 20, Kinds: []string{"OBLIGATION"}}, "OBLIGATION actip-2015/art_14/para_7/obl_1"},
		{"OK/phrase", search.Query{Text: `"criminally or administratively liable"`, Size: 10}, "PROVISION actip-2015/art_14/para_7"},
		{"OK/field query", search.Query{Text: "trafficking kind:law state:idn", Size: 50}, "LAW idn/law-21-2007"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(records(res), tt.want) {
				t.Fatalf("got %v, want %q among them", records(res), tt.want)
			}
		})
	}

	t.Run("OK/field query keeps only its kind and state", func(t *testing.T) {
		res, err := ix.Search(ctx, search.Query{Text: "kind:LAW state:IDN", Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 {
			t.Fatal("got no hits")
		}
		for _, h := range res.Hits {
			if h.Kind != "LAW" || h.State != "IDN" {
				t.Errorf("got %s %s (state %s), want only IDN's laws", h.Kind, h.Record, h.State)
			}
		}
	})

	t.Run("OK/highlights and facets", func(t *testing.T) {
		res, err := ix.Search(ctx, search.Query{Text: "non-punishment", Size: 5, Kinds: []string{"PROVISION"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].Record != "actip-2015/art_14/para_7" {
			t.Fatalf("got %v, want actip-2015/art_14/para_7 first", records(res))
		}
		var marked bool
		for _, h := range res.Hits[0].Highlights {
			for _, f := range h.Fragments {
				marked = marked || strings.Contains(f, "<mark>punishment</mark>")
			}
		}
		if !marked {
			t.Errorf("got highlights %+v, want <mark>punishment</mark>", res.Hits[0].Highlights)
		}
		kinds := res.Facets["kind"]
		if len(kinds) != 1 || kinds[0].Value != "PROVISION" || kinds[0].Count != res.Total {
			t.Errorf("got kind facet %+v, want PROVISION: %d", kinds, res.Total)
		}
		if len(res.Facets["instrument"]) == 0 {
			t.Errorf("got no instrument facet")
		}
	})

	t.Run("OK/sources", func(t *testing.T) {
		res, err := ix.Search(ctx, search.Query{Text: "Bali Process", Kinds: []string{"SOURCE"}, Instrument: "actip-2015", Size: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Fatal("got no source hits")
		}
		h := res.Hits[0]
		n, err := s.Nodes(ctx, []string{h.Record})
		if err != nil || n[0] == nil {
			t.Fatalf("hit names record %q, which the store lacks (%v)", h.Record, err)
		}
		if src := search.SourcesOf(n[0]); h.Source >= len(src) || !strings.Contains(src[h.Source].Citation, "Bali Process") {
			t.Errorf("hit %+v does not point at a Bali Process source of its record", h)
		}
	})

	for _, bad := range []search.Query{
		{Text: strings.Repeat("a", search.MaxQueryLength+1), Size: 1},
		{Text: "x", Size: search.MaxPageSize + 1},
		{Text: "x", Size: 1, Kinds: []string{"PLANET"}},
		{Text: `"unclosed`, Size: 1},
	} {
		t.Run("ErrInvalid", func(t *testing.T) {
			_, err := ix.Search(ctx, bad)
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("got %v, want an EINVALID error", err)
			}
		})
	}
}

func TestSearchErrBuilding(t *testing.T) {
	ix := search.NewMemory()
	_, err := ix.Search(context.Background(), search.Query{Text: "x", Size: 1})
	if !errors.Is(err, search.ErrBuilding) {
		t.Fatalf("got %v, want ErrBuilding", err)
	}
}

// TestUpdate checks that the index follows a write: a changed provision is
// found by its new words and no longer by its old, a removed one is gone.
func TestUpdate(t *testing.T) {
	s := fixtureStore(t)
	ix := mustBuild(t, s)
	ctx := context.Background()

	p, err := graph.Get[*graph.Provision](ctx, s, "actip-2015/art_14/para_7")
	if err != nil {
		t.Fatal(err)
	}
	before := version(s)
	p.Text = "Each Party shall consider zanzibarian clemency."
	res := graphtest.MustApply(t, s, &graph.Batch{Put: []graph.Node{p}})
	ok, err := ix.Update(ctx, s, before, version(s), res)
	if err != nil || !ok {
		t.Fatalf("Update: got %v, %v; want true, nil", ok, err)
	}
	if !ix.Current(version(s)) {
		t.Errorf("index not current after Update")
	}
	hits := func(text string) []string {
		r, err := ix.Search(ctx, search.Query{Text: text, Size: 10, Kinds: []string{"PROVISION"}})
		if err != nil {
			t.Fatal(err)
		}
		return records(r)
	}
	if got := hits("zanzibarian"); !slices.Contains(got, "PROVISION actip-2015/art_14/para_7") {
		t.Errorf("new text: got %v, want the provision", got)
	}
	if got := hits(`"committed by them"`); slices.Contains(got, "PROVISION actip-2015/art_14/para_7") {
		t.Errorf("old text: got %v, want the provision gone", got)
	}
	// The obligation's summary still comes with the provision.
	if got := hits("non-punishment"); !slices.Contains(got, "PROVISION actip-2015/art_14/para_7") {
		t.Errorf("obligation summary: got %v, want the provision", got)
	}

	t.Run("ErrStale", func(t *testing.T) {
		ok, err := ix.Update(ctx, s, before, version(s)+1, res)
		if err != nil || ok {
			t.Fatalf("Update of a stale index: got %v, %v; want false, nil", ok, err)
		}
	})
}

// TestOpen checks that an index on disk survives a reopen with its version,
// and that a missing one is stale.
func TestOpen(t *testing.T) {
	s := fixtureStore(t)
	dir := filepath.Join(t.TempDir(), "search")
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Current(version(s)) {
		t.Fatal("a new index is current")
	}
	if err := ix.Rebuild(context.Background(), s, version(s)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.Current(version(s)) {
		t.Fatalf("reopened index: got version %d, want %d", ix.Status().Version, version(s))
	}
	res, err := ix.Search(context.Background(), search.Query{Text: "non-punishment", Size: 3})
	if err != nil || res.Total == 0 {
		t.Fatalf("search after reopen: got %v, %v", res, err)
	}
}

// TestRebuildYieldsToPace: a build asks its pace before every batch, and
// stops, keeping the old index, when the pace says to.
func TestRebuildYieldsToPace(t *testing.T) {
	ctx := context.Background()
	s := fixtureStore(t)
	ix := search.NewMemory()
	calls := 0
	ix.SetPace(func(context.Context) error { calls++; return nil })
	if err := ix.Rebuild(ctx, s, 1); err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Fatalf("pace: got no call, want one before each batch")
	}
	stop := errors.New("stop")
	ix.SetPace(func(context.Context) error { return stop })
	if err := ix.Rebuild(ctx, s, 2); !errors.Is(err, stop) {
		t.Fatalf("got %v, want the pace's error", err)
	}
	if !ix.Current(1) {
		t.Errorf("a stopped build replaced the index; want the previous one kept")
	}
}

// TestRebuildOnDisk: an index built on disk (by the offline builder) finds
// what the same records give an index in memory; a build that its pace
// stops keeps the index in use and leaves nothing of itself behind.
func TestRebuildOnDisk(t *testing.T) {
	ctx := context.Background()
	s := fixtureStore(t)
	root, tmp := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp) // where a builder's own scratch would go
	dir := filepath.Join(root, "search")
	disk, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	if err := disk.Rebuild(ctx, s, version(s)); err != nil {
		t.Fatal(err)
	}
	mem := search.NewMemory()
	defer mem.Close()
	if err := mem.Rebuild(ctx, s, version(s)); err != nil {
		t.Fatal(err)
	}
	if d, m := disk.Status().Documents, mem.Status().Documents; d != m || d == 0 {
		t.Fatalf("documents: on disk %d, in memory %d", d, m)
	}
	for _, q := range []search.Query{
		{Text: "non-punishment"}, {Text: "victim identification", State: "IDN"},
		{Text: "law kind:LAW"}, {Text: "\"mutual legal assistance\""},
	} {
		d, err := disk.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mem.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if d.Total != m.Total || d.Total == 0 {
			t.Errorf("%q: %d hits on disk, %d in memory", q.Text, d.Total, m.Total)
		}
	}

	stop := errors.New("stop")
	calls := 0
	disk.SetPace(func(context.Context) error {
		if calls++; calls > 3 {
			return stop
		}
		return nil
	})
	if err := disk.Rebuild(ctx, s, version(s)+1); !errors.Is(err, stop) {
		t.Fatalf("got %v, want the pace's error", err)
	}
	if !disk.Current(version(s)) {
		t.Errorf("a stopped build replaced the index in use")
	}
	if res, err := disk.Search(ctx, search.Query{Text: "non-punishment"}); err != nil || res.Total == 0 {
		t.Errorf("search after a stopped build: %v, %v", res, err)
	}
	left, err := filepath.Glob(filepath.Join(root, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0] != dir {
		t.Errorf("beside the index after a stopped build: %v; want only %s", left, dir)
	}
	if scratch, _ := filepath.Glob(filepath.Join(tmp, "*")); len(scratch) > 0 {
		t.Errorf("left in the temporary directory: %v", scratch)
	}
}
