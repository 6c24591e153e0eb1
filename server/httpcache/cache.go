package httpcache

import (
	"net/http"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

// Cache applies the validators and freshness rules to the answers of one
// server.
type Cache struct {
	Policy Policy
	// Build names the program (BuildID by default).
	Build string
	// Base is the public base URL; empty, the request's scheme and host.
	Base string
	// Now is the clock that says what today is (time.Now when nil).
	Now func() time.Time
	// Data returns the data version the answers read.
	Data func() graph.DataVersion
}

// Question is what an answer depends on, known before it is computed.
type Question struct {
	// Request is the request in canonical form.
	Request string
	// AsOf is the as-of date asked; zero with Today set means today's,
	// zero without it an answer of no day.
	AsOf  graph.Date
	Today bool
	// Lasting is set when the answer cannot change (Lasting).
	Lasting bool
}

// Check sets the validators (ETag, Last-Modified), Cache-Control and Vary
// of the answer to q on w, before the answer is computed, and reports
// whether r is answered by them alone: it then wrote 304 Not Modified and
// the caller writes nothing. A request with credentials, or other than
// GET or HEAD, gets "private, no-store" and is never answered 304.
func (c *Cache) Check(w http.ResponseWriter, r *http.Request, q Question) bool {
	h := w.Header()
	Vary(h)
	if r.Header.Get("Authorization") != "" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		h.Set("Cache-Control", NoStoreValue)
		return false
	}
	now := c.now()
	data := c.Data()
	v := Validators{Data: data.String(), Build: c.Build, Base: c.Base, Accept: r.Header.Get("Accept"), Request: q.Request}
	if v.Base == "" {
		v.Base = RequestBase(r)
	}
	modified := data.Time()
	switch {
	case !q.AsOf.IsZero():
		v.AsOf = q.AsOf.String()
	case q.Today:
		today := graph.DateOf(now)
		v.AsOf = today.String()
		// The answer changed at the day's start, without any write.
		if start := today.Time(); start.After(modified) {
			modified = start
		}
	}
	etag := ETag(v)
	h.Set("ETag", etag)
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
	h.Set("Cache-Control", c.Policy.CacheControl(Freshness{Today: q.Today && q.AsOf.IsZero(), Lasting: q.Lasting}, now))
	if NotModified(r, etag, modified) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

func (c *Cache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// RequestBase is the scheme and host r was sent to.
func RequestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
