// Package apierr names the codes the API puts in an error's extensions.code,
// so that every package of the server refuses with the same words. The
// server's error presenter maps graph's error codes to them.
package apierr

// Error codes in extensions.code. NOT_FOUND, BAD_USER_INPUT, CONFLICT,
// UNAUTHENTICATED, FORBIDDEN, INSUFFICIENT_STORAGE and
// INTERNAL_SERVER_ERROR map graph's error codes; the others are the server's
// own refusals. gqlgen's own codes (GRAPHQL_PARSE_FAILED,
// GRAPHQL_VALIDATION_FAILED, COMPLEXITY_LIMIT_EXCEEDED) pass through.
const (
	CodeNotFound        = "NOT_FOUND"
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeConflict        = "CONFLICT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	// CodeInsufficientStorage refuses a write the store's disk has no
	// room for: nothing was written, and reads go on.
	CodeInsufficientStorage = "INSUFFICIENT_STORAGE"
	// CodeRateLimited refuses a write over its key's rate; extensions carry
	// retryAfterSeconds.
	CodeRateLimited     = "RATE_LIMITED"
	CodeInternal        = "INTERNAL_SERVER_ERROR"
	CodeTimeout         = "TIMEOUT"
	CodeRequestTooLarge = "REQUEST_TOO_LARGE"
	CodeBadRequest      = "BAD_REQUEST"
	CodeDepthLimit      = "DEPTH_LIMIT_EXCEEDED"
	// CodeOverloaded refuses an expensive operation that found no free slot
	// before its deadline (HTTP 503 with Retry-After).
	CodeOverloaded = "OVERLOADED"
)

// Codes of the search field's own errors.
const (
	// CodeIndexBuilding says the search index is being built; retry shortly.
	CodeIndexBuilding = "INDEX_BUILDING"
	// CodeSearchUnavailable says the server runs without a search index.
	CodeSearchUnavailable = "SEARCH_UNAVAILABLE"
)
