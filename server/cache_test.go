package server_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// cacheGet sends a GET with the given headers and returns the response
// and its body.
func cacheGet(t *testing.T, u string, h map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// operations is how many GraphQL operations the server has executed, from
// its metrics.
func operations(t *testing.T, base string) int {
	t.Helper()
	_, _, body := servertest.Get(t, base+"/metrics")
	n := 0
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "pactwatch_graphql_requests_total{") {
			f := strings.Fields(line)
			v, _ := strconv.Atoi(f[len(f)-1])
			n += v
		}
	}
	return n
}

const matrixGET = `query($asOf: Date) { ratificationTable(instrument: "actip-2015", asOf: $asOf) { state { code } status party } }`

func graphQLURL(base, query string, vars string) string {
	u := base + "/graphql?query=" + url.QueryEscape(query)
	if vars != "" {
		u += "&variables=" + url.QueryEscape(vars)
	}
	return u
}

func TestCacheGraphQLGET(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	cfg := server.DefaultConfig()
	cfg.Now = func() time.Time { return now }
	cfg.Build = "build-1"
	c := servertest.NewCurationServer(t, cfg)
	base := c.TS.URL
	u := graphQLURL(base, matrixGET, `{"asOf":"2020-01-01"}`)

	first, body := cacheGet(t, u, nil)
	etag := first.Header.Get("ETag")
	if first.StatusCode != 200 || etag == "" || first.Header.Get("Last-Modified") == "" ||
		first.Header.Get("Cache-Control") != "public, max-age=60, s-maxage=300" || first.Header.Get("Vary") != "Accept, Authorization" {
		t.Fatalf("anonymous GET: got %d %v, want an ETag, Last-Modified, public lifetimes and Vary", first.StatusCode, first.Header)
	}
	_, again := cacheGet(t, u, nil)
	if again != body {
		t.Error("two answers under one ETag differ")
	}
	// The same question in other words (variables reordered, spaces) has
	// the same canonical request only when its document is the same; the
	// variables' JSON is canonical.
	if r, _ := cacheGet(t, graphQLURL(base, matrixGET, `{ "asOf" : "2020-01-01" }`), nil); r.Header.Get("ETag") != etag {
		t.Errorf("variables spaced otherwise: got ETag %s, want %s", r.Header.Get("ETag"), etag)
	}

	t.Run("OKNotModifiedBeforeAnyWork", func(t *testing.T) {
		before := operations(t, base)
		for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
			r, b := cacheGet(t, u, map[string]string{"If-None-Match": inm})
			if r.StatusCode != http.StatusNotModified || b != "" || r.Header.Get("ETag") != etag {
				t.Errorf("If-None-Match %s: got %d %q, want 304 with the ETag", inm, r.StatusCode, b)
			}
		}
		if r, _ := cacheGet(t, u, map[string]string{"If-Modified-Since": first.Header.Get("Last-Modified")}); r.StatusCode != http.StatusNotModified {
			t.Errorf("If-Modified-Since: got %d, want 304", r.StatusCode)
		}
		if after := operations(t, base); after != before {
			t.Errorf("%d operations ran to answer 304s, want none", after-before)
		}
		if r, _ := cacheGet(t, u, map[string]string{"If-None-Match": `"other"`}); r.StatusCode != 200 {
			t.Errorf("another ETag: got %d, want 200", r.StatusCode)
		}
	})
	t.Run("OKNoStore", func(t *testing.T) {
		for name, r := range map[string]*http.Response{
			"a key":    must(cacheGet(t, u, map[string]string{"Authorization": "Bearer " + c.Curator, "If-None-Match": etag})),
			"an error": must(cacheGet(t, graphQLURL(base, `{ nope }`, ""), nil)),
			"unknown":  must(cacheGet(t, graphQLURL(base, `{ state(code: "XXX") { name } }`, ""), nil)),
		} {
			if r.StatusCode == http.StatusNotModified || r.Header.Get("Cache-Control") != "private, no-store" || r.Header.Get("ETag") != "" {
				t.Errorf("%s: got %d %v, want private, no-store and no ETag", name, r.StatusCode, r.Header)
			}
		}
		if r := servertest.Post(t, c.TS, matrixGET, nil); r.Status != 200 {
			t.Fatalf("POST: %d", r.Status)
		}
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query":"{ dataVersion }"}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("POST: got Cache-Control %q, want private, no-store", resp.Header.Get("Cache-Control"))
		}
	})
	t.Run("OKDraftKeepsWriteMoves", func(t *testing.T) {
		draft := servertest.PostKey(t, c.TS, c.Curator, servertest.ApplyMutation, servertest.Batch("draft", false, servertest.NewEvidence("idn/ev/cache-draft")))
		if draft.Code() != "" {
			t.Fatalf("draft: %s", draft.Raw)
		}
		if r, _ := cacheGet(t, u, map[string]string{"If-None-Match": etag}); r.StatusCode != http.StatusNotModified {
			t.Errorf("after a draft: got %d, want 304 (a draft is not the graph)", r.StatusCode)
		}
		// A moment the history holds (its newest change before the write, to
		// the nanosecond) and that lies before the write.
		var before struct {
			DataTime time.Time `json:"dataTime"`
		}
		_, _, health0 := servertest.Get(t, base+"/healthz")
		if err := json.Unmarshal([]byte(health0), &before); err != nil || before.DataTime.IsZero() {
			t.Fatalf("/healthz: %s (%v), want the data time", health0, err)
		}
		write := servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("write", true, servertest.NewEvidence("idn/ev/cache-write")))
		if write.Code() != "" {
			t.Fatalf("write: %s", write.Raw)
		}
		r, _ := cacheGet(t, u, map[string]string{"If-None-Match": etag})
		if r.StatusCode != 200 || r.Header.Get("ETag") == etag {
			t.Errorf("after a write: got %d with ETag %s, want 200 and a new ETag", r.StatusCode, r.Header.Get("ETag"))
		}
		etag = r.Header.Get("ETag")
	})
	t.Run("OKMidnight", func(t *testing.T) {
		now = time.Date(2026, 12, 7, 23, 59, 30, 0, time.UTC)
		r, _ := cacheGet(t, u, nil)
		if r.Header.Get("ETag") != etag || r.Header.Get("Cache-Control") != "public, max-age=30, s-maxage=30" {
			t.Errorf("30 s before midnight: got %s %q, want the same ETag and 30 s of life", r.Header.Get("ETag"), r.Header.Get("Cache-Control"))
		}
		now = time.Date(2026, 12, 8, 0, 0, 1, 0, time.UTC)
		r, _ = cacheGet(t, u, map[string]string{"If-None-Match": etag})
		if r.StatusCode != 200 || r.Header.Get("ETag") == etag || r.Header.Get("Last-Modified") != "Tue, 08 Dec 2026 00:00:00 GMT" {
			t.Errorf("after midnight: got %d %v, want a new ETag, modified at the day's start", r.StatusCode, r.Header)
		}
	})
}

func must(r *http.Response, _ string) *http.Response { return r }

// Another build answers under other ETags.
func TestCacheBuildInETag(t *testing.T) {
	st := servertest.MustOpenFixtures(t)
	tags := map[string]string{}
	for _, build := range []string{"build-1", "build-2"} {
		cfg := server.DefaultConfig()
		cfg.Build = build
		ts := servertest.NewHTTP(t, server.New(st, cfg))
		for _, path := range []string{"/export/matrix.csv", "/graphql?query=" + url.QueryEscape("{ dataVersion }")} {
			r, _ := cacheGet(t, ts.URL+path, nil)
			tag := r.Header.Get("ETag")
			if tag == "" || tags[path] == tag {
				t.Errorf("%s under %s: got ETag %q, want one of its own", path, build, tag)
			}
			tags[path] = tag
		}
	}
}

func TestCacheExports(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.PublicURL = "https://pactwatch.example.org"
	c := servertest.NewCurationServer(t, cfg)
	base := c.TS.URL
	for _, path := range []string{"/export/matrix.csv", "/export/compare.json?instrument=actip-2015", "/export/corpus.zip", "/export/corpus.json?changes=5"} {
		r1, b1 := cacheGet(t, base+path, nil)
		r2, b2 := cacheGet(t, base+path, nil)
		etag := r1.Header.Get("ETag")
		if r1.StatusCode != 200 || etag == "" || r2.Header.Get("ETag") != etag || b1 != b2 {
			t.Errorf("%s: got %d, ETags %s and %s, same bytes %v; want one ETag over the same bytes", path, r1.StatusCode, etag, r2.Header.Get("ETag"), b1 == b2)
		}
		if strings.Contains(b1, "127.0.0.1") {
			t.Errorf("%s: the body quotes the request's host, not the public URL", path)
		}
		if r, _ := cacheGet(t, base+path, map[string]string{"If-None-Match": "W/" + etag}); r.StatusCode != http.StatusNotModified {
			t.Errorf("%s with a weak If-None-Match: got %d, want 304", path, r.StatusCode)
		}
	}
	// An explicit day and a moment before the newest change cannot change:
	// it lives long; today's answer is cut at midnight; an error is kept by
	// no one.
	// A moment the history holds (its newest change before the write, to
	// the nanosecond) and that lies before the write.
	var before struct {
		DataTime time.Time `json:"dataTime"`
	}
	_, _, health0 := servertest.Get(t, base+"/healthz")
	if err := json.Unmarshal([]byte(health0), &before); err != nil || before.DataTime.IsZero() {
		t.Fatalf("/healthz: %s (%v), want the data time", health0, err)
	}
	write := servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("write", true, servertest.NewEvidence("idn/ev/cache-write")))
	if write.Code() != "" {
		t.Fatalf("write: %s", write.Raw)
	}
	_, _, health := servertest.Get(t, base+"/healthz")
	if !strings.Contains(health, `"dataVersion"`) || !strings.Contains(health, `"dataTime"`) {
		t.Errorf("/healthz: got %s, want the data version and its time", health)
	}
	past := before.DataTime.UTC().Format("2006-01-02T15:04:05.000000000Z07:00") // all nine digits: a shorter fraction is a longer period
	r, _ := cacheGet(t, base+"/export/matrix.csv?asOf=2020-01-01&knownAt="+past, nil)
	if r.Header.Get("Cache-Control") != "public, max-age=86400, s-maxage=86400" {
		t.Errorf("explicit day and past moment: got %q, want a day's life", r.Header.Get("Cache-Control"))
	}
	if r, _ := cacheGet(t, base+"/export/matrix.csv?asOf=nope", nil); r.Header.Get("Cache-Control") != "private, no-store" || r.Header.Get("ETag") != "" {
		t.Errorf("bad export: got %v, want private, no-store", r.Header)
	}
}

// A cross-origin reader's answer varies with its Origin too.
func TestCacheVaryKeepsOrigin(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.CORSOrigins = []string{"https://advocate.example.org"}
	ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), cfg))
	r, _ := cacheGet(t, graphQLURL(ts.URL, `{ dataVersion }`, ""), map[string]string{"Origin": "https://advocate.example.org"})
	vary := strings.Join(r.Header.Values("Vary"), ", ")
	if !strings.Contains(vary, "Origin") || !strings.Contains(vary, "Accept, Authorization") || r.Header.Get("ETag") == "" {
		t.Errorf("cross-origin GET: got Vary %q, ETag %q; want Origin, Accept and Authorization, and an ETag", vary, r.Header.Get("ETag"))
	}
}
