// Package dashboard serves the ratification and implementation dashboard: a
// static page, embedded in the binary, that is a client of the public GraphQL
// API only (/graphql, the queries a user could write; "Show query" on each
// panel reveals them). Without a key its reads go by GET, naming a persisted
// query's hash (persisted.go), so that HTTP caches keep their answers. It is
// plain HTML, CSS and JavaScript with no framework, no build step and
// nothing loaded from outside.
//
// The page's address holds the view, so a view can be shared:
//
//	/?asOf=2017-03-07&basis=LAW&view=matrix
//	  asOf        YYYY-MM-DD; absent means today
//	  basis       LAW, PRACTICE or EITHER (the heatmap's colours and the comparison)
//	  view        matrix, heatmap or compare
//	  instrument  the heatmap's instrument id ("*" for every instrument)
//	  compare     the comparison's instrument id
//
// Tests and scripts find its parts by stable ids and data attributes:
// #asof (date input), #year (slider), input[name=basis], #matrix
// td[data-state][data-instrument][data-status] (status is in-force, ratified,
// signed, none, withdrawn or not-adopted), #heatmap td[data-state]
// [data-obligation][data-bound], #heatmap td.tot[data-gaps][data-bound-count],
// #compare tr[data-state] td[data-key], #drilldown (a dialog; Esc closes it;
// a compliance drill-down's items are .item[data-law] (with
// data-implementation when linked), .item[data-review] and
// .item[data-evidence]; a signed-in curator's forms are #evidence-form,
// #review-form and #link-form), #export-csv. body[data-loading] is "false"
// and body[data-drawn] is "view@asOf/basis" once a view is drawn.
package dashboard

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"
)

//go:embed assets
var assets embed.FS

// The assets are served under content-hashed names (app.3f2a9c01d4e5.js),
// which index.html names, with a year's life: a new build's files have
// new names, so no cache serves old JavaScript against a new API. The
// HTML, and each asset under its plain name, is served with "no-cache"
// and an ETag: every use revalidates it, and a 304 costs nothing.

// asset is one file as served.
type asset struct {
	name   string // its plain name: app.js
	hashed string // its content-hashed name: app.3f2a9c01d4e5.js
	body   []byte
	etag   string
}

// site is the dashboard's files, read once.
type site struct {
	index  asset
	plain  map[string]*asset // by plain name
	hashed map[string]*asset // by hashed name
}

// assetRef is a reference to a file of the dashboard in index.html.
var assetRef = regexp.MustCompile(`((?:src|href)=")([A-Za-z0-9_.-]+\.(?:js|css))(")`)

// newAsset is the file name with body, under its content-hashed name (the
// first 12 hex digits of body's SHA-256 before the extension: app.js →
// app.3f2a9c01d4e5.js) and with an ETag from the same sum.
func newAsset(name string, body []byte) *asset {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	return &asset{name: name, hashed: strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext,
		body: body, etag: `"` + hex.EncodeToString(sum[:16]) + `"`}
}

var readSite = sync.OnceValue(func() *site {
	st := &site{plain: map[string]*asset{}, hashed: map[string]*asset{}}
	entries, err := fs.ReadDir(assets, "assets")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	for _, e := range entries {
		body, err := fs.ReadFile(assets, "assets/"+e.Name())
		if err != nil {
			panic(err)
		}
		a := newAsset(e.Name(), body)
		st.plain[a.name] = a
		if a.name != "index.html" {
			st.hashed[a.hashed] = a
		}
	}
	index := assetRef.ReplaceAllFunc(st.plain["index.html"].body, func(m []byte) []byte {
		parts := assetRef.FindSubmatch(m)
		a, ok := st.plain[string(parts[2])]
		if !ok {
			return m
		}
		return bytes.Join([][]byte{parts[1], []byte(a.hashed), parts[3]}, nil)
	})
	st.index = *newAsset("index.html", index)
	return st
})

// Handler serves the dashboard: index.html at "/" (naming the assets by
// their hashed names), the assets under their hashed names for a year,
// and under their plain names revalidated on every use.
func Handler() http.Handler {
	st := readSite()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		a, lasting := st.hashed[name]
		switch {
		case name == "" || name == "index.html":
			a = &st.index
		case !lasting:
			a = st.plain[name]
		}
		if a == nil {
			http.NotFound(w, r)
			return
		}
		if lasting {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		w.Header().Set("ETag", a.etag)
		http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.body))
	})
}
