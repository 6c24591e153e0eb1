// Package httpcache holds the rules that let any HTTP cache (a browser, a
// CDN, the nginx of server/deploy) keep pactwatch's anonymous answers and
// never serve a wrong one:
//
//   - etag.go: an answer's ETag covers the data version, the resolved
//     as-of date, the build, the public base URL, Accept and the canonical
//     request (ETag); If-None-Match is compared as RFC 9110 says (weak
//     comparison, lists, "*") and If-Modified-Since only without it
//     (NotModified).
//   - freshness.go: how long an answer stays fresh (Policy.CacheControl):
//     never past the next 00:00 UTC when its as-of date is today
//     (UntilMidnight), long only when it cannot change (Lasting), and
//     "private, no-store" for anything authenticated, any mutation and any
//     error (NoStore).
//   - cache.go: Cache applies both to one request before its answer is
//     computed (Check), so a 304 costs no work.
package httpcache
