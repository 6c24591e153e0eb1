// Package graphiql serves the GraphQL IDE at /graphiql: GraphiQL and React,
// vendored by vendor.sh and embedded with pactwatch's page, so that the IDE
// loads nothing from the network. It draws; it never decides.
package graphiql

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
)

// graphiqlFiles is the GraphQL IDE: GraphiQL 3 with React 18, vendored from
// npm by vendor.sh into vendor/ (with their licences and
// versions), and pactwatch's page and the script that mounts GraphiQL on
// /graphql. Everything is embedded, so the IDE loads nothing from the
// network.
//
//go:embed index.html pactwatch-graphiql.js pactwatch-graphiql.css vendor
var graphiqlFiles embed.FS

// graphiqlAsset is one file of the IDE, with its gzip form made on first use
// (the GraphiQL bundle is 3.5 MB, under 1 MB compressed).
type graphiqlAsset struct {
	body        []byte
	contentType string
	etag        string
	immutable   bool // a vendored file: its name carries its version

	once sync.Once
	gz   []byte
}

func (a *graphiqlAsset) gzipped() []byte {
	a.once.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(a.body)
		zw.Close()
		a.gz = buf.Bytes()
	})
	return a.gz
}

// Handler serves the IDE page at /graphiql (and /graphiql/) and its
// files under /graphiql/. Vendored files are cached for a year, since a new
// version gets a new name; the page and pactwatch's script are revalidated
// by ETag.
func Handler() http.Handler {
	assets := map[string]*graphiqlAsset{}
	fs.WalkDir(graphiqlFiles, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := graphiqlFiles.ReadFile(p)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "text/plain; charset=utf-8"
		}
		sum := sha256.Sum256(body)
		assets["/graphiql/"+p] = &graphiqlAsset{
			body:        body,
			contentType: ct,
			etag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
			immutable:   strings.HasPrefix(p, "vendor/"),
		}
		return nil
	})
	page := assets["/graphiql/index.html"]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		a := assets[r.URL.Path]
		if r.URL.Path == "/graphiql" || r.URL.Path == "/graphiql/" {
			a = page
		}
		if a == nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("Vary", "Accept-Encoding")
		if a.immutable {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		body, etag := a.body, a.etag
		if len(body) > 1024 && acceptsGzip(r) {
			body, etag = a.gzipped(), strings.TrimSuffix(a.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("ETag", etag)
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			h.Del("Content-Encoding")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if r.Method == http.MethodHead {
			return
		}
		w.Write(body)
	})
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}
