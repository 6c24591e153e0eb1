package browsertest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pactwatch/pactwatch/server/dashboard"
	"github.com/pactwatch/pactwatch/server/servertest"
)

var updatePersisted = flag.Bool("update-persisted", false, "write the pages' queries to server/dashboard/persisted.json")

// sentQueries records the GraphQL requests the pages send, and how many
// are in flight.
type sentQueries struct {
	inFlight atomic.Int64
	mu       sync.Mutex
	texts    map[string]string // anonymous query documents sent with their text, by hash
	byHash   []string          // hashes sent alone
	longest  int               // the longest GET URL
	posts    int               // anonymous reads sent by POST
}

func (s *sentQueries) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/graphql" {
			next.ServeHTTP(w, r)
			return
		}
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		var text, hash string
		switch r.Method {
		case http.MethodGet:
			q := r.URL.Query()
			text = q.Get("query")
			var ext struct {
				PersistedQuery struct {
					Hash string `json:"sha256Hash"`
				} `json:"persistedQuery"`
			}
			json.Unmarshal([]byte(q.Get("extensions")), &ext)
			hash = ext.PersistedQuery.Hash
			s.mu.Lock()
			s.longest = max(s.longest, len(r.URL.RequestURI())+len("http://"+r.Host))
			s.mu.Unlock()
		case http.MethodPost:
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			var req struct{ Query string }
			json.Unmarshal(body, &req)
			text = req.Query
		}
		if r.Header.Get("Authorization") == "" && !regexp.MustCompile(`^\s*(mutation|subscription)\b`).MatchString(text) {
			s.mu.Lock()
			switch {
			case text != "":
				s.texts[dashboard.QueryHash(text)] = text
				if r.Method == http.MethodPost {
					s.posts++
				}
			case hash != "":
				s.byHash = append(s.byHash, hash)
			}
			s.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

// TestPageQueriesPersisted reads every kind of page of the dashboard and
// the desk in Chromium, over the fixtures, and checks that every query
// they send anonymously is in the persisted set built into the binary
// (server/dashboard/persisted.json), that they read by GET naming its
// hash, and that no GET URL exceeds 8 KiB. With -update-persisted (go
// generate ./server/dashboard) it writes the set from what they sent.
func TestPageQueriesPersisted(t *testing.T) {
	requireChromium(t)
	sent := &sentQueries{texts: map[string]string{}}
	srv, _ := servertest.NewSearchServer(t)
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(sent.wrap(srv))
	t.Cleanup(ts.Close)
	base := ts.URL

	var catalogue struct {
		States      []struct{ Code string }
		Instruments []struct{ ID string }
	}
	body, err := srv.Exec(t.Context(), `{ states { code } instruments { id } }`, nil)
	if err != nil || json.Unmarshal(body, &struct{ Data any }{&catalogue}) != nil {
		t.Fatalf("catalogue: %v %s", err, body)
	}
	var health struct{ DataTime string }
	_, _, h := servertest.Get(t, base+"/healthz")
	json.Unmarshal([]byte(h), &health)
	known := url.QueryEscape(health.DataTime)

	pages := []string{
		"/?view=matrix&asOf=2020-01-01", "/?view=heatmap&asOf=2020-01-01", "/?view=heatmap&asOf=2020-01-01&instrument=actip-2015",
		"/?view=compare&asOf=2020-01-01", "/?view=compare&asOf=2020-01-01&compare=actip-2015",
		"/?view=matrix&asOf=2020-01-01&knownAt=" + known, "/?view=heatmap&asOf=2020-01-01&knownAt=" + known,
		"/?view=compare&asOf=2020-01-01&knownAt=" + known,
		"/?asOf=2020-01-01&drill=IDN:actip-2015/art_14/para_7/obl_1", "/?asOf=2020-01-01&drill=IDN:actip-2015",
		"/?page=search&q=victim", "/?page=obligation&id=actip-2015/art_14/para_7/obl_1&asOf=2020-01-01",
	}
	for _, s := range catalogue.States {
		pages = append(pages, "/?page=state&code="+s.Code+"&asOf=2020-01-01")
	}
	for _, i := range catalogue.Instruments {
		pages = append(pages, "/?page=instrument&id="+url.QueryEscape(i.ID)+"&asOf=2020-01-01")
	}
	ctx, exceptions := newBrowser(t)
	for _, p := range pages {
		run(t, ctx, chromedp.Navigate(base+p))
		drawn := `document.body.dataset.loading === "false" && !!document.body.dataset.drawn`
		if strings.Contains(p, "page=") {
			drawn = `!!document.body.dataset.page`
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](drawn, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#status").innerText + " | " + JSON.stringify(document.body.dataset)`))
			t.Fatalf("%s: not drawn: %v (page: %s)", p, err, status)
		}
		// Then until no query is in flight, twice in a row (a drill-down
		// and a desk page's second query come after the first draw).
		for quiet := 0; quiet < 2; {
			if sent.inFlight.Load() == 0 {
				quiet++
			} else {
				quiet = 0
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	exceptions.check(t)

	sent.mu.Lock()
	defer sent.mu.Unlock()
	set := dashboard.PersistedQueries()
	if *updatePersisted {
		docs := []string{}
		for _, h := range sent.byHash {
			if d, ok := set[h]; ok {
				docs = append(docs, d)
			}
		}
		for _, d := range sent.texts {
			docs = append(docs, d)
		}
		slices.Sort(docs)
		docs = slices.Compact(docs)
		out, _ := json.MarshalIndent(docs, "", "  ")
		path := filepath.Join("..", "..", "..", "server", "dashboard", "persisted.json")
		if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d page queries to %s", len(docs), path)
		return
	}
	for h, d := range sent.texts {
		if _, ok := set[h]; !ok {
			t.Errorf("a page sent a query the persisted set lacks (run go generate ./server/dashboard): %s", queryName(d))
		}
	}
	if len(sent.byHash) < len(pages) {
		t.Errorf("the pages sent %d queries by hash over %d pages, want them to read by hash", len(sent.byHash), len(pages))
	}
	if sent.posts > 0 {
		t.Errorf("the pages sent %d anonymous reads by POST, want every one by GET", sent.posts)
	}
	if sent.longest > 8192 {
		t.Errorf("the longest GET URL is %d bytes, want at most 8 KiB", sent.longest)
	}
}

// queryName names a query document: its operation name, or its start.
func queryName(doc string) string {
	if m := regexp.MustCompile(`^\s*query\s+(\w+)`).FindStringSubmatch(doc); m != nil {
		return m[1]
	}
	return fmt.Sprintf("%.120q", strings.Join(strings.Fields(doc), " "))
}
