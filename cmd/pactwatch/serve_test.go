package main_test

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeWebDefaults(t *testing.T) {
	t.Run("OKLoopbackByDefault", func(t *testing.T) {
		r := mustRun(t, "serve", "--help")
		if !strings.Contains(r.stdout, `(default "127.0.0.1:8080")`) {
			t.Errorf("serve --help: got no default address 127.0.0.1:8080 in\n%s", r.stdout)
		}
	})
	for _, flag := range []string{"--cors-origins", "--frame-ancestors"} {
		t.Run("ErrBadOrigin"+flag, func(t *testing.T) {
			r := pactwatch(t, nil, "serve", "--db", filepath.Join(t.TempDir(), "db"), flag, "javascript:alert(1)")
			checkOneLineError(t, r, 2, "is not an origin")
		})
	}
	t.Run("OKFrameAncestorsAndCORS", func(t *testing.T) {
		s := launchServe(t, testEnv(t), "--db", filepath.Join(t.TempDir(), "db"),
			"--frame-ancestors", "https://advocates.example", "--cors-origins", "https://advocates.example")
		defer s.stop(t)
		resp, err := http.Get("http://" + s.addr + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "frame-ancestors https://advocates.example") {
			t.Errorf("got CSP %q, want frame-ancestors https://advocates.example", got)
		}
		req, _ := http.NewRequest(http.MethodPost, "http://"+s.addr+"/graphql", strings.NewReader(`{"query":"{__typename}"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://advocates.example")
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "https://advocates.example" {
			t.Errorf("got Access-Control-Allow-Origin %q, want the allowed origin", got)
		}
	})
}
