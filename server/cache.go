package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/pactwatch/pactwatch/server/dashboard"
	"github.com/pactwatch/pactwatch/server/httpcache"
)

// The HTTP caching of /graphql (server/httpcache holds the rules): an
// anonymous GET query is answered with validators and a lifetime, and 304
// before it runs when the client's copy is current; everything else sent
// to /graphql is "private, no-store".

// graphQLQuestion is the canonical form of an anonymous GET query: the
// SHA-256 of its document (or the persisted query's hash, when it is sent
// by hash alone), its operation name and its variables as canonical JSON,
// never the raw query string. ok is false for a request that is not such
// a GET, or whose parameters do not parse (gqlgen refuses it).
func graphQLQuestion(r *http.Request) (q httpcache.Question, ok bool) {
	if r.Method != http.MethodGet || r.Header.Get("Authorization") != "" {
		return q, false
	}
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return q, false
	}
	doc := ""
	if text := v.Get("query"); text != "" {
		doc = dashboard.QueryHash(text)
	} else if ext := v.Get("extensions"); ext != "" {
		var e struct {
			PersistedQuery struct {
				Hash string `json:"sha256Hash"`
			} `json:"persistedQuery"`
		}
		if json.Unmarshal([]byte(ext), &e) != nil || e.PersistedQuery.Hash == "" {
			return q, false
		}
		doc = e.PersistedQuery.Hash
	} else {
		return q, false
	}
	vars := []byte("{}")
	if raw := v.Get("variables"); raw != "" {
		d := json.NewDecoder(strings.NewReader(raw))
		d.UseNumber()
		var parsed map[string]any
		if d.Decode(&parsed) != nil {
			return q, false
		}
		if vars, err = json.Marshal(parsed); err != nil { // map keys sorted
			return q, false
		}
	}
	// A query's arguments are not read before it runs, so any answer may
	// be about today: its life ends at midnight.
	return httpcache.Question{Request: "graphql\x00" + doc + "\x00" + v.Get("operationName") + "\x00" + string(vars), Today: true}, true
}

// heldAnswer holds a response back until it is complete, so that its
// cache headers can be made "private, no-store" when it turns out to be an
// error (a status other than 200, or "errors" in the body: gqlgen writes
// them first).
type heldAnswer struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
	// answered is set when the validators alone answered (304).
	answered bool
}

func (w *heldAnswer) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *heldAnswer) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *heldAnswer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// release writes the held response, with no cache headers unless it is a
// whole answer.
func (w *heldAnswer) release() {
	if w.answered {
		return
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.status != http.StatusOK || bytes.HasPrefix(w.body.Bytes(), []byte(`{"errors"`)) {
		httpcache.NoStore(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(w.status)
	w.ResponseWriter.Write(w.body.Bytes())
}
