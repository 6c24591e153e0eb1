package deploy_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// nginxPath finds Debian's nginx, or skips the test naming the package
// (fails under CI, which must install it).
func nginxPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/sbin/nginx", "nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("nginx is missing; CI must install it: apt-get install -y nginx-light")
	}
	t.Skip("nginx is missing; install it to run the test behind nginx: apt-get install -y nginx-light (or nginx)")
	return ""
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startNginx runs the shipped nginx.conf, its addresses and paths moved to
// the test's own (each replaced exactly once, so a drifted file fails
// here), in nginx's foreground, and returns its base URL.
func startNginx(t *testing.T, upstream string) string {
	t.Helper()
	bin := nginxPath(t)
	shipped, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	addr := freePort(t)
	site := string(shipped)
	for _, r := range [][2]string{
		{"/var/cache/nginx/pactwatch", filepath.Join(dir, "cache")},
		{"server 127.0.0.1:8080;", "server " + upstream + ";"},
		{"listen 80;", "listen " + addr + ";"},
	} {
		if n := strings.Count(site, r[0]); n != 1 {
			t.Fatalf("nginx.conf holds %q %d times, want once", r[0], n)
		}
		site = strings.Replace(site, r[0], r[1], 1)
	}
	if err := os.WriteFile(filepath.Join(dir, "pactwatch.conf"), []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // the test's temporary directories are root's
	}
	main := fmt.Sprintf(`%s
daemon off;
master_process off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path %[2]s/client;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    include %[2]s/pactwatch.conf;
}
`, user, dir)
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx output:\n%s\n%s", out, log)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); ; {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx exited: %v\n%s\n%s", err, out, log)
		default:
		}
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
		if time.Now().After(deadline) {
			t.Fatal("nginx is not listening after 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type answer struct {
	status      int
	etag, cache string // ETag, X-Cache-Status
	body        string
}

func fetch(t *testing.T, u, key string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
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
	return answer{resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("X-Cache-Status"), string(b)}
}

// untilExpired asks u until nginx stops answering it from the cache (its
// s-maxage of a second has passed): every answer meanwhile is the one
// cached (a HIT with its ETag), never an older one. It returns the first
// answer past it.
func untilExpired(t *testing.T, u, cached string) answer {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		a := fetch(t, u, "")
		if a.cache != "HIT" {
			return a
		}
		if a.etag != cached {
			t.Fatalf("a HIT with ETag %s, want the cached %s", a.etag, cached)
		}
	}
	t.Fatal("still a HIT 10 s past an s-maxage of 1 s")
	return answer{}
}

// TestBehindNginx serves the fixtures behind the shipped nginx.conf and
// checks what a reader gets through the cache: a second identical request
// is a HIT; after a write the next request past max-age gets the new
// answer, never an older one; an unchanged answer is revalidated by a 304;
// a request with a key is never from the cache; a new day (a faked
// midnight) or a new build gives a new ETag.
func TestBehindNginx(t *testing.T) {
	st := servertest.MustOpenFixtures(t).(*store.Store)
	key, _, err := st.CreateAPIKey(context.Background(), "ed", graph.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	var clock atomic.Pointer[time.Time]
	now := time.Now().UTC()
	clock.Store(&now)
	config := func(build string) server.Config {
		cfg := server.DefaultConfig()
		cfg.Build = build
		cfg.Now = func() time.Time { return *clock.Load() }
		cfg.Cache.MaxAge, cfg.Cache.SharedMaxAge = time.Second, time.Second
		return cfg
	}
	var current atomic.Pointer[server.Server]
	first := server.New(st, config("build-1"))
	t.Cleanup(func() { first.Close() })
	current.Store(first)
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { current.Load().ServeHTTP(w, r) }))
	t.Cleanup(upstream.Close)
	front := startNginx(t, strings.TrimPrefix(upstream.URL, "http://"))

	query := `query Matrix($asOf: Date) { ratificationTable(instrument: "actip-2015", asOf: $asOf) { state { code } status party } dataVersion }`
	u := front + "/graphql?query=" + url.QueryEscape(query)

	a := fetch(t, u, "")
	if a.status != 200 || a.etag == "" || a.cache != "MISS" {
		t.Fatalf("first request: got %d %q %s, want 200 with an ETag, a MISS", a.status, a.etag, a.cache)
	}
	b := fetch(t, u, "")
	if b.cache != "HIT" || b.etag != a.etag || b.body != a.body {
		t.Fatalf("second identical request: got %s with ETag %s, want a HIT with %s and the same bytes", b.cache, b.etag, a.etag)
	}

	t.Run("OKKeyNeverFromCache", func(t *testing.T) {
		k := fetch(t, u, key)
		if k.cache != "BYPASS" || k.etag != "" {
			t.Errorf("with a key: got %s, ETag %q; want BYPASS and no ETag", k.cache, k.etag)
		}
		if c := fetch(t, u, ""); c.cache != "HIT" || c.etag != a.etag {
			t.Errorf("after a keyed request: got %s %s, want the anonymous answer still cached", c.cache, c.etag)
		}
		for _, path := range []string{"/export/matrix.csv", "/export/corpus.json"} {
			if k := fetch(t, front+path, key); k.cache != "BYPASS" {
				t.Errorf("%s with a key: got %s, want BYPASS", path, k.cache)
			}
		}
	})

	// A write through nginx (a POST with a key is never cached).
	req, _ := http.NewRequest(http.MethodPost, front+"/graphql", strings.NewReader(fmt.Sprintf(`{"query":%q,"variables":{"input":{"message":"w","publish":true,"put":[{"kind":"EVIDENCE","record":{"ID":"idn/ev/nginx","StateCode":"IDN","Kind":"COURT_CASE","Date":"2019-06-01","ObligationIDs":["actip-2015/art_5/obl_1"],"Finding":"EFFECTIVE","Summary":"A test conviction.","Sources":[{"Citation":"Test court, case 1/2019"}]}}]}}}`, servertest.ApplyMutation)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	wrote, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(wrote), `"errors"`) {
		t.Fatalf("write: %s", wrote)
	}

	after := untilExpired(t, u, a.etag)
	if after.status != 200 || after.etag == a.etag || after.body == a.body || after.cache != "EXPIRED" {
		t.Fatalf("past max-age after a write: got %d %s with ETag %s, want the new answer (a new ETag), EXPIRED", after.status, after.cache, after.etag)
	}
	if c := fetch(t, u, ""); c.cache != "HIT" || c.etag != after.etag {
		t.Fatalf("then: got %s %s, want the new answer from the cache", c.cache, c.etag)
	}

	// Nothing changed: nginx asks with the ETag and pactwatch answers 304.
	same := untilExpired(t, u, after.etag)
	if same.cache != "REVALIDATED" || same.etag != after.etag || same.body != after.body {
		t.Fatalf("past max-age, nothing changed: got %s with ETag %s, want REVALIDATED with %s", same.cache, same.etag, after.etag)
	}

	// A faked midnight: the answer about today is another.
	next := now.Add(24 * time.Hour)
	clock.Store(&next)
	day := untilExpired(t, u, after.etag)
	if day.etag == after.etag || day.cache != "EXPIRED" {
		t.Fatalf("after midnight: got %s with ETag %s, want a new ETag", day.cache, day.etag)
	}

	// A new build over the same store.
	second := server.New(st, config("build-2"))
	t.Cleanup(func() { second.Close() })
	current.Store(second)
	built := untilExpired(t, u, day.etag)
	if built.etag == day.etag || built.cache != "EXPIRED" {
		t.Fatalf("after a new build: got %s with ETag %s, want a new ETag", built.cache, built.etag)
	}
}
