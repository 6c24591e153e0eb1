package direct

import (
	"context"
	"hash/maphash"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"

	"github.com/pactwatch/pactwatch/graph"
)

// The answer cache.
//
// An operation whose every root field the direct path answered (its gap
// lists: splice.go) depends on nothing but the request, the store's
// version and, when asOf is left out, today's date: the same POST asked again of the same graph gets the
// same bytes. The answer cache keeps those bytes, keyed by exactly that,
// so that a repeated question (a dashboard's states on one date) is
// answered without parsing, validating or deciding anything. It is bounded
// by the bytes it holds; when full it lets one new answer in of every
// admitOnceIn and forgets others at random for it (a cache asked in
// rotation, as a dashboard asks every state in turn, keeps most of its
// hits that way, where least-recently-used would keep none); every
// write to the store makes a new version, and the answers of the old one
// are dropped.
//
// Only answers of the direct path are kept, never an error, never a
// request with credentials or a knownAt (those are read at a past version
// and left to the engine). And only a question asked before: the first
// time a key is met only its hash is noted, so that questions that never
// come again (a client walking every day of a decade) neither copy their
// answers nor push repeated ones out.

// DefaultAnswerBytes bounds the answer cache: 48 MiB hold the lean gap list
// of every state of the synthetic world on one date.
const DefaultAnswerBytes = 48 << 20

// AnswerCache keeps the answers of the direct path, by store version.
type AnswerCache struct {
	maxBytes int

	mu      sync.Mutex
	version uint64
	bytes   int
	answers map[string]Answer
	// asked holds the hashes of the keys met at version, at most
	// maxAsked; it is emptied when full.
	asked map[uint64]struct{}
	seed  maphash.Seed
}

// maxAsked bounds the keys whose first asking is remembered (16 bytes or
// so each).
const maxAsked = 1 << 16

// Answer is a cached response: its content type and body.
type Answer struct {
	contentType string
	body        []byte
}

// NewAnswerCache returns a cache of at most maxBytes, nil for none.
func NewAnswerCache(maxBytes int) *AnswerCache {
	if maxBytes <= 0 {
		return nil
	}
	return &AnswerCache{maxBytes: maxBytes, answers: map[string]Answer{}, asked: map[uint64]struct{}{}, seed: maphash.MakeSeed()}
}

// AnswerKey is the key of a request: what its answer depends on besides
// the store's version. today is the request's day, read once: the day a
// gap list without asOf is answered on (ServeAndKeep gives it to the
// direct path), so that an answer made across midnight is kept under the
// day it answers.
func AnswerKey(r *http.Request, body []byte, today graph.Date) string {
	return today.String() + "\x00" + r.Header.Get("Content-Type") + "\x00" + r.Header.Get("Accept") + "\x00" + string(body)
}

// Get returns the answer kept for key at version v.
func (c *AnswerCache) Get(v uint64, key string) (Answer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v {
		return Answer{}, false
	}
	a, ok := c.answers[key]
	return a, ok
}

// askedBefore reports whether key was met before at version v, and notes
// it as met.
func (c *AnswerCache) askedBefore(v uint64, key string) bool {
	h := maphash.String(c.seed, key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at(v) {
		return false
	}
	if _, ok := c.asked[h]; ok {
		return true
	}
	if len(c.asked) >= maxAsked {
		clear(c.asked)
	}
	c.asked[h] = struct{}{}
	return false
}

// at moves the cache to version v, forgetting what an older version kept
// and asked, and reports false when v is older than the cache's version.
// c.mu is held.
func (c *AnswerCache) at(v uint64) bool {
	switch {
	case v < c.version:
		return false
	case v > c.version:
		c.version, c.bytes, c.answers, c.asked = v, 0, map[string]Answer{}, map[uint64]struct{}{}
	}
	return true
}

// size is the bytes an answer kept under key counts for.
func (a Answer) size(key string) int { return len(key) + len(a.body) + len(a.contentType) + 64 }

// maxAnswer is the largest answer kept: a quarter of the bound.
func (c *AnswerCache) maxAnswer() int { return c.maxBytes / 4 }

// admits reports whether an answer about to be made may be kept: always
// while the cache has room, one time in admitOnceIn when it is full. A
// client asking in rotation more than fits (the rich gap lists of every
// state of the synthetic world are three times the bound) would otherwise
// have every answer copied in and another dropped for it, for the few it
// meets again: full, the cache keeps most of what it holds, and lets new
// answers in slowly.
func (c *AnswerCache) admits() bool {
	c.mu.Lock()
	full := c.bytes > c.maxBytes-c.maxBytes/8
	c.mu.Unlock()
	return !full || rand.IntN(admitOnceIn) == 0
}

const admitOnceIn = 8

// put keeps an answer for key at version v, forgetting others at random
// until it fits; an answer larger than maxAnswer is not kept.
func (c *AnswerCache) put(v uint64, key string, a Answer) {
	size := a.size(key)
	if size > c.maxAnswer() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at(v) {
		return // answered at a version already replaced
	}
	if old, ok := c.answers[key]; ok {
		c.bytes -= old.size(key)
	}
	for k, old := range c.answers {
		if c.bytes+size <= c.maxBytes {
			break
		}
		c.bytes -= old.size(k)
		delete(c.answers, k)
	}
	c.answers[key] = a
	c.bytes += size
}

// size returns the bytes and answers held.
func (c *AnswerCache) size() (bytes, answers int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes, len(c.answers)
}

// cacheable is put in a request's context by ServeAndKeep; the direct path
// marks it when its answer may be kept, and answers a missing asOf with
// its today, the day of the answer's key.
type cacheable struct {
	ok    bool
	today graph.Date
}

type cacheableKey struct{}

// markCacheable tells ServeAndKeep that the request's answer depends only
// on the request and the store's version.
func markCacheable(ctx context.Context) {
	if c, _ := ctx.Value(cacheableKey{}).(*cacheable); c != nil {
		c.ok = true
	}
}

// keyedToday returns the day the request's answer is kept under, if it may
// be kept.
func keyedToday(ctx context.Context) (graph.Date, bool) {
	if c, _ := ctx.Value(cacheableKey{}).(*cacheable); c != nil && !c.today.IsZero() {
		return c.today, true
	}
	return graph.Date{}, false
}

// Replay writes the answer to w, with its content type and length.
func (a Answer) Replay(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	w.Write(a.body)
}

// ServeAndKeep serves r through h, writing to w, and keeps the answer under
// key (made with today) at version v when the direct path marked it
// cacheable and it succeeded, and the key was asked before; it reports
// whether it kept it.
func (c *AnswerCache) ServeAndKeep(w http.ResponseWriter, r *http.Request, h http.Handler, v uint64, key string, today graph.Date) bool {
	mark := &cacheable{today: today}
	if !c.askedBefore(v, key) || !c.admits() {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), cacheableKey{}, mark)))
		return false
	}
	cw := &capture{ResponseWriter: w, keep: true, limit: c.maxAnswer()}
	h.ServeHTTP(cw, r.WithContext(context.WithValue(r.Context(), cacheableKey{}, mark)))
	if mark.ok && cw.keep && cw.status == http.StatusOK {
		c.put(v, key, Answer{contentType: w.Header().Get("Content-Type"), body: cw.body})
		return true
	}
	return false
}

// capture records the status, content type and body written through it.
type capture struct {
	http.ResponseWriter
	status int
	body   []byte
	keep   bool // false once the body would pass the limit
	limit  int
}

func (c *capture) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *capture) Write(p []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if c.keep {
		if len(c.body)+len(p) > c.limit {
			c.keep, c.body = false, nil
		} else {
			if len(p) > cap(c.body)-len(c.body) {
				// Room for the response's small tail too: a large
				// answer's data comes in one write, and its tail after.
				c.body = append(make([]byte, 0, len(c.body)+len(p)+256), c.body...)
			}
			c.body = append(c.body, p...)
		}
	}
	return c.ResponseWriter.Write(p)
}
