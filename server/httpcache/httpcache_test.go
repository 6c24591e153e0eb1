package httpcache_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/httpcache"
)

func TestWeakMatch(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{`"1"`, `"1"`, true},
		{`W/"1"`, `W/"1"`, true},
		{`W/"1"`, `"1"`, true},
		{`"1"`, `W/"1"`, true},
		{`W/"1"`, `W/"2"`, false},
		{`"1"`, `"2"`, false},
		{`1`, `1`, false},         // not quoted: malformed
		{`w/"1"`, `"1"`, false},   // the indicator is case-sensitive
		{`"a"b"`, `"a"b"`, false}, // a quote inside
	} {
		if got := httpcache.WeakMatch(c.a, c.b); got != c.want {
			t.Errorf("WeakMatch(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestNoneMatch(t *testing.T) {
	const etag = `"abc"`
	for _, c := range []struct {
		value string
		want  bool // true: the condition holds (answer 200)
	}{
		{`"abc"`, false},
		{`W/"abc"`, false},
		{`*`, false},
		{` * `, false},
		{`"x", "abc"`, false},
		{`"x",W/"abc"`, false},
		{`"x, abc", "y"`, true}, // a comma inside a tag is part of it
		{`"x", "y"`, true},
		{`abc`, true},
		{``, true},
	} {
		if got := httpcache.NoneMatch(c.value, etag); got != c.want {
			t.Errorf("NoneMatch(%q) = %v, want %v", c.value, got, c.want)
		}
	}
}

func TestNotModified(t *testing.T) {
	lm := time.Date(2026, 12, 7, 10, 0, 0, 500, time.UTC)
	req := func(method string, h map[string]string) *http.Request {
		r := httptest.NewRequest(method, "/x", nil)
		for k, v := range h {
			r.Header.Set(k, v)
		}
		return r
	}
	for name, c := range map[string]struct {
		r    *http.Request
		want bool
	}{
		"OKETag":                  {req("GET", map[string]string{"If-None-Match": `"e"`}), true},
		"OKWeakETag":              {req("GET", map[string]string{"If-None-Match": `W/"e"`}), true},
		"OKHead":                  {req("HEAD", map[string]string{"If-None-Match": `"e"`}), true},
		"OKSince":                 {req("GET", map[string]string{"If-Modified-Since": "Mon, 07 Dec 2026 10:00:00 GMT"}), true},
		"OKSinceLater":            {req("GET", map[string]string{"If-Modified-Since": "Mon, 07 Dec 2026 11:00:00 GMT"}), true},
		"ErrSinceEarlier":         {req("GET", map[string]string{"If-Modified-Since": "Mon, 07 Dec 2026 09:59:59 GMT"}), false},
		"ErrSinceInvalid":         {req("GET", map[string]string{"If-Modified-Since": "yesterday"}), false},
		"ErrOtherETagWinsOverIMS": {req("GET", map[string]string{"If-None-Match": `"f"`, "If-Modified-Since": "Mon, 07 Dec 2026 11:00:00 GMT"}), false},
		"ErrPost":                 {req("POST", map[string]string{"If-None-Match": `"e"`}), false},
		"ErrNone":                 {req("GET", nil), false},
	} {
		if got := httpcache.NotModified(c.r, `"e"`, lm); got != c.want {
			t.Errorf("%s: NotModified = %v, want %v", name, got, c.want)
		}
	}
}

func TestUntilMidnight(t *testing.T) {
	for _, c := range []struct {
		now  time.Time
		want time.Duration
	}{
		{time.Date(2026, 12, 7, 23, 59, 30, 0, time.UTC), 30 * time.Second},
		{time.Date(2026, 12, 7, 23, 59, 59, 900e6, time.UTC), 0}, // rounded down, never past midnight
		{time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), 24 * time.Hour},
		// The day is UTC's: 01:00 at UTC+7 is 18:00 the day before in UTC.
		{time.Date(2026, 12, 8, 1, 0, 0, 0, time.FixedZone("ICT", 7*3600)), 6 * time.Hour},
	} {
		if got := httpcache.UntilMidnight(c.now); got != c.want {
			t.Errorf("UntilMidnight(%v) = %v, want %v", c.now, got, c.want)
		}
	}
}

func TestCacheControl(t *testing.T) {
	p := httpcache.Policy{MaxAge: time.Minute, SharedMaxAge: 10 * time.Minute, Lasting: 24 * time.Hour}
	noon := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	late := time.Date(2026, 12, 7, 23, 58, 0, 0, time.UTC)
	for _, c := range []struct {
		f    httpcache.Freshness
		now  time.Time
		want string
	}{
		{httpcache.Freshness{Today: true}, noon, "public, max-age=60, s-maxage=600"},
		{httpcache.Freshness{Today: true}, late, "public, max-age=60, s-maxage=120"},
		{httpcache.Freshness{}, late, "public, max-age=60, s-maxage=600"},
		{httpcache.Freshness{Lasting: true}, late, "public, max-age=86400, s-maxage=86400"},
	} {
		if got := p.CacheControl(c.f, c.now); got != c.want {
			t.Errorf("CacheControl(%+v at %v) = %q, want %q", c.f, c.now, got, c.want)
		}
	}
}

func TestLasting(t *testing.T) {
	data := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	before, after := data.Add(-time.Hour), data.Add(time.Hour)
	if !httpcache.Lasting(true, &before, data) {
		t.Error("an asked as-of date and a knownAt before the newest change: want lasting")
	}
	if httpcache.Lasting(false, &before, data) || httpcache.Lasting(true, nil, data) || httpcache.Lasting(true, &after, data) {
		t.Error("today's date, no knownAt, or a knownAt after the newest change: want not lasting")
	}
}

func TestETagCovers(t *testing.T) {
	base := httpcache.Validators{Data: "1", AsOf: "2026-12-07", Build: "b", Base: "https://x", Accept: "application/json", Request: "q"}
	seen := map[string]string{httpcache.ETag(base): "base"}
	for name, v := range map[string]httpcache.Validators{
		"data":    {Data: "2", AsOf: base.AsOf, Build: base.Build, Base: base.Base, Accept: base.Accept, Request: base.Request},
		"asOf":    {Data: base.Data, AsOf: "2026-12-08", Build: base.Build, Base: base.Base, Accept: base.Accept, Request: base.Request},
		"build":   {Data: base.Data, AsOf: base.AsOf, Build: "c", Base: base.Base, Accept: base.Accept, Request: base.Request},
		"base":    {Data: base.Data, AsOf: base.AsOf, Build: base.Build, Base: "https://y", Accept: base.Accept, Request: base.Request},
		"accept":  {Data: base.Data, AsOf: base.AsOf, Build: base.Build, Base: base.Base, Accept: "text/csv", Request: base.Request},
		"request": {Data: base.Data, AsOf: base.AsOf, Build: base.Build, Base: base.Base, Accept: base.Accept, Request: "r"},
		// Fields never run together.
		"shifted": {Data: base.Data + "2026-12-07", AsOf: "", Build: base.Build, Base: base.Base, Accept: base.Accept, Request: base.Request},
	} {
		tag := httpcache.ETag(v)
		if prev, ok := seen[tag]; ok {
			t.Errorf("%s: same ETag as %s", name, prev)
		}
		seen[tag] = name
	}
	same := base
	if httpcache.ETag(same) != httpcache.ETag(base) {
		t.Error("the ETag is not a function of its fields")
	}
}

// Check answers 304 before any work, and an answer about today is
// another after midnight.
func TestCheck(t *testing.T) {
	now := time.Date(2026, 12, 7, 23, 59, 0, 0, time.UTC)
	c := &httpcache.Cache{Policy: httpcache.DefaultPolicy(), Build: "b", Now: func() time.Time { return now },
		Data: func() graph.DataVersion {
			return graph.DataVersion{Seq: uint64(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).UnixNano())}
		}}
	get := func(h map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/graphql?query=x", nil)
		for k, v := range h {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		if c.Check(w, r, httpcache.Question{Request: "x", Today: true}) != (w.Code == http.StatusNotModified) {
			t.Fatal("Check's report and its status disagree")
		}
		return w
	}
	first := get(nil)
	etag := first.Header().Get("ETag")
	if first.Code != 200 || etag == "" || first.Header().Get("Cache-Control") != "public, max-age=60, s-maxage=60" ||
		first.Header().Get("Vary") != "Accept, Authorization" || first.Header().Get("Last-Modified") != "Mon, 07 Dec 2026 00:00:00 GMT" {
		t.Fatalf("got %d %v, want validators, a minute's life cut at midnight, Vary, and the day's start as Last-Modified", first.Code, first.Header())
	}
	if w := get(map[string]string{"If-None-Match": "W/" + etag}); w.Code != http.StatusNotModified {
		t.Errorf("weak If-None-Match: got %d, want 304", w.Code)
	}
	if w := get(map[string]string{"Authorization": "Bearer k", "If-None-Match": etag}); w.Code != 200 || w.Header().Get("Cache-Control") != "private, no-store" || w.Header().Get("ETag") != "" {
		t.Errorf("with a key: got %d %v, want 200, private, no-store and no ETag", w.Code, w.Header())
	}
	now = now.Add(2 * time.Minute) // past midnight
	if w := get(map[string]string{"If-None-Match": etag}); w.Code != 200 || w.Header().Get("ETag") == etag {
		t.Errorf("after midnight: got %d with ETag %s, want a new ETag", w.Code, w.Header().Get("ETag"))
	}
}
