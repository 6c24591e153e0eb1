package direct

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
	"github.com/pactwatch/pactwatch/server/engine"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/resolvers"
)

func TestAnswerCacheStaysWithinItsBound(t *testing.T) {
	c := NewAnswerCache(64 << 10)
	body := bytes.Repeat([]byte("x"), 1000)
	for i := range 500 {
		c.put(7, fmt.Sprint("key", i), Answer{contentType: "application/json", body: body})
		if n, _ := c.size(); n > 64<<10 {
			t.Fatalf("after %d answers the cache holds %d bytes, over its bound of %d", i+1, n, 64<<10)
		}
	}
	_, held := c.size()
	if held < 40 || held > 64 {
		t.Fatalf("the cache holds %d answers of about 1 KB in 64 KiB", held)
	}
	if _, ok := c.Get(7, "key499"); !ok {
		t.Fatal("the latest answer was not kept")
	}
	if _, ok := c.Get(8, "key499"); ok {
		t.Fatal("an answer of version 7 was given at version 8")
	}
	c.put(8, "new", Answer{body: body})
	if _, ok := c.Get(8, "key499"); ok {
		t.Fatal("a newer version kept the old answers")
	}
	if _, n := c.size(); n != 1 {
		t.Fatalf("after a new version the cache holds %d answers, want 1", n)
	}
	c.put(7, "late", Answer{body: body}) // answered before the write: dropped
	if _, ok := c.Get(8, "late"); ok {
		t.Fatal("an answer of an older version was kept")
	}
	c.put(8, "huge", Answer{body: bytes.Repeat([]byte("y"), 32<<10)})
	if _, ok := c.Get(8, "huge"); ok {
		t.Fatal("an answer over a quarter of the bound was kept")
	}
	if NewAnswerCache(0) != nil {
		t.Fatal("a zero bound made a cache")
	}
}

// TestAnswerCacheKeepsOnlyQuestionsAskedAgain: questions that never come
// again are served and never copied into the cache; one asked again is
// kept; a new version forgets what was asked.
func TestAnswerCacheKeepsOnlyQuestionsAskedAgain(t *testing.T) {
	c := NewAnswerCache(1 << 20)
	answer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		markCacheable(r.Context())
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data":{}}`))
	})
	serve := func(v uint64, key string) bool {
		rec := httptest.NewRecorder()
		kept := c.ServeAndKeep(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil), answer, v, key, graph.Date{})
		if rec.Body.String() != `{"data":{}}` {
			t.Fatalf("%s: answered %q", key, rec.Body.String())
		}
		return kept
	}
	for i := range 200 {
		if serve(1, fmt.Sprint("day", i)) {
			t.Fatalf("day%d, asked once, was kept", i)
		}
	}
	if n, held := c.size(); n != 0 || held != 0 {
		t.Fatalf("after 200 questions asked once the cache holds %d answers (%d bytes), want none", held, n)
	}
	if !serve(1, "day7") {
		t.Fatal("day7, asked again, was not kept")
	}
	if _, ok := c.Get(1, "day7"); !ok {
		t.Fatal("day7's kept answer is not given")
	}
	if serve(2, "day8") {
		t.Fatal("day8 was kept at a new version that had not met it")
	}
}

// TestKeptAnswerIsOfItsKeysDay: a gap list without asOf that may be kept
// is answered on the day its key names (the request's day, read once),
// not on a day read again later, which midnight could have changed.
func TestKeptAnswerIsOfItsKeysDay(t *testing.T) {
	s := graphtest.MustOpenStore(t)
	c, err := ingest.ParsePaths(filepath.Join("..", "..", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(t.Context(), s, c); err != nil {
		t.Fatal(err)
	}
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &resolvers.Resolver{}}).Schema()
	doc, errs := gqlparser.LoadQueryWithRules(schema, `{ ratifiedButNotImplemented(state: "IDN") { asOf obligation { id } } }`, nil)
	if errs != nil {
		t.Fatal(errs)
	}
	plans, keep := planOperation(&graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]})
	p := plans["ratifiedButNotImplemented"]
	if p == nil || !keep {
		t.Fatal("the gap list was not planned")
	}
	d := directSchema{store: s, engine: engine.New(s)}
	for _, day := range []string{"2019-03-31", "2021-12-31"} {
		var today graph.Date
		if err := today.UnmarshalGQL(day); err != nil {
			t.Fatal(err)
		}
		ctx := context.WithValue(t.Context(), cacheableKey{}, &cacheable{today: today})
		raw, ok := d.run(ctx, p)
		out := raw.bytes()
		if !ok {
			t.Fatalf("%s: not answered directly", day)
		}
		if !bytes.Contains(out, []byte(`"asOf":"`+day+`"`)) || bytes.Contains(out, []byte(`"asOf":"`+graph.Today().String()+`"`)) {
			t.Errorf("kept under %s, answered %.200s", day, out)
		}
	}
}

// TestFullAnswerCacheAdmitsFew: a cache with room takes every answer; a
// full one lets about one in admitOnceIn in, so that a rotation larger than
// the cache does not replace an answer at every request.
func TestFullAnswerCacheAdmitsFew(t *testing.T) {
	c := NewAnswerCache(64 << 10)
	body := bytes.Repeat([]byte("x"), 1000)
	for i := 0; c.bytes <= c.maxBytes-c.maxBytes/8; i++ {
		if !c.admits() {
			t.Fatalf("with %d of %d bytes held, an answer was refused", c.bytes, c.maxBytes)
		}
		c.put(1, fmt.Sprint("key", i), Answer{body: body})
	}
	admitted := 0
	for range 800 {
		if c.admits() {
			admitted++
		}
	}
	if lo, hi := 800/admitOnceIn/2, 800/admitOnceIn*2; admitted < lo || admitted > hi {
		t.Errorf("full, the cache admitted %d of 800 answers, want about %d", admitted, 800/admitOnceIn)
	}
}
