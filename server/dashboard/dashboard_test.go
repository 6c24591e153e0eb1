package dashboard_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/server/dashboard"
)

func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
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

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(dashboard.Handler())
	defer srv.Close()

	t.Run("OK", func(t *testing.T) {
		tests := []struct {
			path     string
			wantType string
			wantBody string
		}{
			{"/", "text/html", `id="matrix"`},
			{"/app.js", "text/javascript", "fetch('/graphql'"},
			{"/app.css", "text/css", ".st-in-force"},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				resp, body := get(t, srv, tt.path)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("GET %s status: got %d, want 200", tt.path, resp.StatusCode)
				}
				if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, tt.wantType) {
					t.Errorf("GET %s Content-Type: got %q, want %s", tt.path, got, tt.wantType)
				}
				if !strings.Contains(body, tt.wantBody) {
					t.Errorf("GET %s: got a body without %q", tt.path, tt.wantBody)
				}
			})
		}
	})

	t.Run("EveryReferencedAssetIsServed", func(t *testing.T) {
		_, index := get(t, srv, "/")
		refs := regexp.MustCompile(`(?:src|href)="([^"#]+)"`).FindAllStringSubmatch(index, -1)
		if len(refs) == 0 {
			t.Fatal("index.html references: got none, want the script and the stylesheet")
		}
		for _, m := range refs {
			ref := m[1]
			if strings.Contains(ref, "//") {
				t.Errorf("index.html loads %q from outside; every asset must be embedded", ref)
				continue
			}
			if ref == "/graphiql" {
				continue
			}
			if resp, _ := get(t, srv, "/"+strings.TrimPrefix(ref, "/")); resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s (referenced by index.html): got %d, want 200", ref, resp.StatusCode)
			}
		}
	})

	t.Run("NothingFromOutside", func(t *testing.T) {
		_, css := get(t, srv, "/app.css")
		for _, bad := range []string{"@import", "url(", "@font-face"} {
			if strings.Contains(css, bad) {
				t.Errorf("app.css contains %q: got an outside or font resource, want none", bad)
			}
		}
		_, js := get(t, srv, "/app.js")
		fetches := regexp.MustCompile(`fetch\(([^)]*)\)`).FindAllStringSubmatch(js, -1)
		for _, f := range fetches {
			if !strings.HasPrefix(f[1], "'/graphql'") {
				t.Errorf("app.js fetches %s: want only '/graphql'", f[1])
			}
		}
		if len(fetches) != 1 {
			t.Errorf("app.js fetch calls: got %d, want 1 (POST /graphql)", len(fetches))
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		if resp, _ := get(t, srv, "/no-such-asset.js"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET /no-such-asset.js: got %d, want 404", resp.StatusCode)
		}
	})
}

// The assets are named by their content and live long; the page that
// names them revalidates, and answers 304 to its own ETag.
func TestHandlerCaching(t *testing.T) {
	srv := httptest.NewServer(dashboard.Handler())
	defer srv.Close()
	resp, index := get(t, srv, "/")
	if resp.Header.Get("Cache-Control") != "no-cache" || resp.Header.Get("ETag") == "" {
		t.Errorf("index: got %v, want no-cache and an ETag", resp.Header)
	}
	refs := regexp.MustCompile(`(?:src|href)="((app|desk|curate|curate-forms)\.[0-9a-f]{12}\.(js|css))"`).FindAllStringSubmatch(index, -1)
	if len(refs) < 4 {
		t.Fatalf("index names %d hashed assets, want every script and stylesheet", len(refs))
	}
	for _, m := range refs {
		r, body := get(t, srv, "/"+m[1])
		_, plain := get(t, srv, "/"+m[2]+"."+m[3])
		if r.StatusCode != 200 || r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || body != plain {
			t.Errorf("%s: got %d %q, want the plain file's bytes for a year", m[1], r.StatusCode, r.Header.Get("Cache-Control"))
		}
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	req.Header.Set("If-None-Match", "W/"+resp.Header.Get("ETag"))
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusNotModified {
		t.Errorf("index revalidated: got %d, want 304", r2.StatusCode)
	}
	if r, _ := get(t, srv, "/app.000000000000.js"); r.StatusCode != http.StatusNotFound {
		t.Errorf("a hash of no file: got %d, want 404", r.StatusCode)
	}
}
