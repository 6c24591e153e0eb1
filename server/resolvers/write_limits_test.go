package resolvers_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/ingest"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/resolvers"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// aliasedApply is one request of n aliased applyChanges, each a draft of
// the given records per alias.
func aliasedApply(n, records int, prefix string) (string, map[string]any) {
	var q strings.Builder
	q.WriteString("mutation(")
	vars := map[string]any{}
	for i := range n {
		fmt.Fprintf(&q, "$in%d: ChangesInput!,", i)
		var rs []map[string]any
		for j := range records {
			rs = append(rs, servertest.NewEvidence(fmt.Sprintf("idn/ev/%s-%d-%d", prefix, i, j)))
		}
		vars[fmt.Sprintf("in%d", i)] = servertest.Batch("aliased", false, rs...)["input"]
	}
	q.WriteString(") {")
	for i := range n {
		fmt.Fprintf(&q, " a%d: applyChanges(input: $in%d) { draft { id } }", i, i)
	}
	q.WriteString(" }")
	return q.String(), vars
}

func draftCount(t *testing.T, c *servertest.CurationServer) int {
	t.Helper()
	var data struct{ Drafts []struct{ ID string } }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `{ drafts(first: 100) { id } }`, nil), &data)
	return len(data.Drafts)
}

func TestWriteLimits(t *testing.T) {
	t.Run("ErrAliasesCount", func(t *testing.T) {
		cfg := server.DefaultConfig()
		cfg.WriteRate, cfg.WriteBurst = 1, 5
		c := servertest.NewCurationServer(t, cfg)
		q, vars := aliasedApply(6, 1, "alias")
		r := servertest.PostKey(t, c.TS, c.Curator, q, vars)
		if r.Code() != "RATE_LIMITED" {
			t.Errorf("got %s, want 6 aliased mutations over a burst of 5 RATE_LIMITED", r.Raw)
		}
		if n := draftCount(t, c); n != 0 {
			t.Errorf("got %d drafts written, want 0", n)
		}
	})
	t.Run("ErrRecordsCount", func(t *testing.T) {
		cfg := server.DefaultConfig()
		cfg.RecordRate, cfg.RecordBurst = 1, 10
		c := servertest.NewCurationServer(t, cfg)
		q, vars := aliasedApply(2, 6, "records")
		r := servertest.PostKey(t, c.TS, c.Curator, q, vars)
		if r.Code() != "RATE_LIMITED" {
			t.Errorf("got %s, want 12 records over a burst of 10 RATE_LIMITED", r.Raw)
		}
		if n := draftCount(t, c); n != 0 {
			t.Errorf("got %d drafts written, want 0", n)
		}
	})
	t.Run("OK", func(t *testing.T) {
		cfg := server.DefaultConfig()
		cfg.RecordRate, cfg.RecordBurst = 1, 10
		c := servertest.NewCurationServer(t, cfg)
		q, vars := aliasedApply(2, 5, "ok")
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, q, vars), &struct{}{})
		if n := draftCount(t, c); n != 2 {
			t.Errorf("got %d drafts written, want 2", n)
		}
	})
}

func TestDraftBound(t *testing.T) {
	if testing.Short() {
		t.Skip("writes thousands of draft records")
	}
	cfg := server.DefaultConfig()
	cfg.RecordRate, cfg.MaxBodyBytes = 0, 16<<20
	c := onDiskCurationServer(t, cfg) // an in-memory store takes no value over 1 MiB
	if resolvers.MaxDraftRecords < 2000 {
		t.Fatalf("got a bound of %d draft records per key, want at least 2,000 (one instrument or statute)", resolvers.MaxDraftRecords)
	}
	big := resolvers.MaxDraftRecords - 1
	q, vars := aliasedApply(1, big, "big")
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, q, vars), &struct{}{})

	q, vars = aliasedApply(1, 2, "over")
	if r := servertest.PostKey(t, c.TS, c.Curator, q, vars); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("got %s, want a draft past the key's bound refused", r.Raw)
	}
	// Another key still writes.
	q, vars = aliasedApply(1, 2, "other")
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, q, vars), &struct{}{})

	// The answer is paged: the default page of a draft's records is 100.
	var data struct {
		Drafts []struct {
			RecordCount int
			Records     []struct{ ID string }
		}
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `{ drafts { recordCount records { id } } }`, nil), &data)
	if len(data.Drafts) != 2 {
		t.Fatalf("got %d drafts, want 2", len(data.Drafts))
	}
	for _, d := range data.Drafts {
		if len(d.Records) > 100 {
			t.Errorf("got %d records of a draft of %d, want a page of at most 100", len(d.Records), d.RecordCount)
		}
	}
	var one struct{ Drafts []struct{ ID string } }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `{ drafts(first: 1) { id } }`, nil), &one)
	var next struct{ Drafts []struct{ ID string } }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `query($a: ID) { drafts(first: 1, after: $a) { id } }`, map[string]any{"a": one.Drafts[0].ID}), &next)
	if len(one.Drafts) != 1 || len(next.Drafts) != 1 || next.Drafts[0].ID == one.Drafts[0].ID {
		t.Errorf("got pages %v and %v, want two drafts one by one", one, next)
	}
}

// onDiskCurationServer is servertest.NewCurationServer over a store on disk.
func onDiskCurationServer(t testing.TB, cfg server.Config) *servertest.CurationServer {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	corpus, err := ingest.ParsePaths(filepath.Join("..", "..", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(ctx, st, corpus); err != nil {
		t.Fatal(err)
	}
	srv := server.New(st, cfg)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); srv.Close() })
	c := &servertest.CurationServer{TS: ts, Store: st}
	for _, k := range []struct {
		dst  *string
		name string
		role graph.Role
	}{{&c.Curator, "carol", graph.RoleCurator}, {&c.Editor, "ed", graph.RoleEditor}, {&c.Admin, "ada", graph.RoleAdmin}} {
		if *k.dst, _, err = st.CreateAPIKey(ctx, k.name, k.role); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// Batches of one key sent at once cannot together pass the draft bound.
func TestDraftBoundConcurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("writes thousands of draft records")
	}
	cfg := server.DefaultConfig()
	cfg.RecordRate, cfg.WriteRate, cfg.MaxBodyBytes = 0, 0, 16<<20
	c := servertest.NewCurationServer(t, cfg)
	per := resolvers.MaxDraftRecords / 8 // eight fit, a ninth does not
	done := make(chan string, 10)
	for i := range 10 {
		go func() {
			q, vars := aliasedApply(1, per, fmt.Sprintf("at-once-%d", i))
			done <- servertest.PostKey(t, c.TS, c.Curator, q, vars).Code()
		}()
	}
	refused := 0
	for range 10 {
		if <-done != "" {
			refused++
		}
	}
	var data struct{ Drafts []struct{ RecordCount int } }
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, `{ drafts(first: 100) { recordCount } }`, nil), &data)
	held := 0
	for _, d := range data.Drafts {
		held += d.RecordCount
	}
	if held > resolvers.MaxDraftRecords || refused != 2 {
		t.Errorf("got %d draft records held and %d batches refused, want at most %d held and 2 refused", held, refused, resolvers.MaxDraftRecords)
	}
}
