package httpcache

import (
	"fmt"
	"net/http"
	"time"
)

// NoStoreValue is the Cache-Control of every answer no cache may keep:
// anything authenticated, any mutation, any error.
const NoStoreValue = "private, no-store"

// VaryValue names the request headers an anonymous answer varies with:
// Accept picks its form, and Authorization makes it another reader's.
const VaryValue = "Accept, Authorization"

// Vary adds VaryValue to h's Vary, once, keeping what is there (CORS's
// Origin).
func Vary(h http.Header) {
	for _, v := range h.Values("Vary") {
		if v == VaryValue {
			return
		}
	}
	h.Add("Vary", VaryValue)
}

// Policy says how long anonymous answers stay fresh.
type Policy struct {
	// MaxAge is how long a browser may reuse an answer without asking
	// again; SharedMaxAge how long a shared cache (nginx, a CDN) may
	// (s-maxage). Both are cut at the next 00:00 UTC for an answer about
	// today.
	MaxAge, SharedMaxAge time.Duration
	// Lasting is the lifetime of an answer that cannot change (Lasting):
	// one with an explicit as-of date and a knownAt earlier than the
	// newest change. Its ETag still carries the build.
	Lasting time.Duration
}

// DefaultPolicy is a minute for browsers, five for shared caches, and a
// day for an answer that cannot change.
func DefaultPolicy() Policy {
	return Policy{MaxAge: time.Minute, SharedMaxAge: 5 * time.Minute, Lasting: 24 * time.Hour}
}

// UntilMidnight is the time from now to the next 00:00 UTC, rounded down
// to the second: an answer about today changes then without any write.
func UntilMidnight(now time.Time) time.Duration {
	now = now.UTC()
	next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	return next.Sub(now).Truncate(time.Second)
}

// Lasting reports whether an answer cannot change: its as-of date was
// asked (not today's by default) and it reads the graph as known at a
// moment earlier than the newest change (data), which no later write can
// alter.
func Lasting(asOfAsked bool, knownAt *time.Time, data time.Time) bool {
	return asOfAsked && knownAt != nil && !data.IsZero() && knownAt.Before(data)
}

// Freshness is what an answer's lifetime depends on.
type Freshness struct {
	// Today is set when the answer's as-of date is today's by default, or
	// may be (a GraphQL query whose arguments are not read before it runs).
	Today bool
	// Lasting is set when the answer cannot change (Lasting).
	Lasting bool
}

// CacheControl is the Cache-Control of an anonymous answer at now:
// "public, max-age=N, s-maxage=M", the lifetimes of p, the lasting one when
// f.Lasting, and never past the next 00:00 UTC when f.Today.
func (p Policy) CacheControl(f Freshness, now time.Time) string {
	maxAge, shared := p.MaxAge, p.SharedMaxAge
	if f.Lasting {
		maxAge, shared = p.Lasting, p.Lasting
	} else if f.Today {
		limit := UntilMidnight(now)
		maxAge, shared = min(maxAge, limit), min(shared, limit)
	}
	return fmt.Sprintf("public, max-age=%d, s-maxage=%d", int64(maxAge/time.Second), int64(shared/time.Second))
}

// NoStore marks the answer being written as one no cache may keep, and
// drops the validators set for it: for an error found after Check.
func NoStore(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", NoStoreValue)
	h.Del("ETag")
	h.Del("Last-Modified")
	h.Del("Expires")
}
