package httpcache

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Validators are what an answer's ETag covers: two answers with equal
// Validators are the same bytes.
type Validators struct {
	// Data is the data version (graph.DataVersion) the answer reads.
	Data string
	// AsOf is the resolved as-of date: the one asked, or today (UTC) when
	// none was; empty for an answer of no day (the corpus).
	AsOf string
	// Build names the program that answers: a new build may answer the
	// same question in other bytes.
	Build string
	// Base is the public base URL the answer quotes.
	Base string
	// Accept is the request's Accept header.
	Accept string
	// Request is the request in its canonical form (its parsed parameters,
	// never its raw text).
	Request string
}

// ETag is the strong entity tag of the answer v describes: a SHA-256 over
// its fields, each named and length-prefixed so that no two sets of fields
// run together.
func ETag(v Validators) string {
	h := sha256.New()
	for _, f := range [][2]string{{"data", v.Data}, {"asOf", v.AsOf}, {"build", v.Build}, {"base", v.Base}, {"accept", v.Accept}, {"request", v.Request}} {
		h.Write([]byte(f[0]))
		h.Write([]byte{0})
		h.Write([]byte(strconv.Itoa(len(f[1]))))
		h.Write([]byte{0})
		h.Write([]byte(f[1]))
	}
	return `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18]) + `"`
}

// opaqueTag is an entity-tag without its weakness indicator ("W/"), and
// whether it is well formed: DQUOTE *etagc DQUOTE (RFC 9110 §8.8.3).
func opaqueTag(tag string) (string, bool) {
	tag = strings.TrimPrefix(tag, "W/")
	if len(tag) < 2 || tag[0] != '"' || tag[len(tag)-1] != '"' {
		return "", false
	}
	for i := 1; i < len(tag)-1; i++ {
		c := tag[i]
		if c < 0x21 || c == '"' || c == 0x7f {
			return "", false
		}
	}
	return tag, true
}

// WeakMatch reports whether two entity-tags match under the weak
// comparison of RFC 9110 §8.8.3.2: their opaque tags are equal, whether
// either is weak or not. A malformed tag matches nothing.
func WeakMatch(a, b string) bool {
	oa, ok := opaqueTag(strings.TrimSpace(a))
	if !ok {
		return false
	}
	ob, ok := opaqueTag(strings.TrimSpace(b))
	return ok && oa == ob
}

// NoneMatch evaluates an If-None-Match field value against the current
// ETag (RFC 9110 §13.1.2): it reports false ("the condition fails", answer
// 304) when the value is "*" or lists a tag that weakly matches etag. The
// value is a comma-separated list; commas inside quotes belong to a tag.
func NoneMatch(value, etag string) bool {
	value = strings.TrimSpace(value)
	if value == "*" {
		return false
	}
	for value != "" {
		var tag string
		tag, value = nextTag(value)
		if WeakMatch(tag, etag) {
			return false
		}
	}
	return true
}

// nextTag splits the first entity-tag off a list.
func nextTag(list string) (tag, rest string) {
	list = strings.TrimLeft(list, " \t,")
	i := 0
	if strings.HasPrefix(list, "W/") {
		i = 2
	}
	if i < len(list) && list[i] == '"' {
		if j := strings.IndexByte(list[i+1:], '"'); j >= 0 {
			end := i + 1 + j + 1
			return list[:end], list[end:]
		}
	}
	if j := strings.IndexByte(list, ','); j >= 0 {
		return list[:j], list[j+1:]
	}
	return list, ""
}

// NotModified reports whether r's conditions let it be answered 304 Not
// Modified, given the answer's ETag and Last-Modified time (RFC 9110
// §13.2.2): If-None-Match when the request has one, else If-Modified-Since
// (a valid HTTP date no earlier than lastModified, to the second). Only a
// GET or HEAD is ever answered 304. Last-Modified has whole seconds, so two
// writes within one second share it: a client that keeps the ETag, as
// nginx and browsers do, is never misled, since If-None-Match wins.
func NotModified(r *http.Request, etag string, lastModified time.Time) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		return !NoneMatch(strings.Join(inm, ","), etag)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || lastModified.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	if err != nil {
		return false // an invalid date is ignored
	}
	return !lastModified.Truncate(time.Second).After(t)
}
