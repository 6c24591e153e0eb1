package server

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/apierr"
)

// refusalCodes are the codes of operations refused before execution, which
// the metrics count apart.
var refusalCodes = map[string]bool{
	"GRAPHQL_PARSE_FAILED":      true,
	"GRAPHQL_VALIDATION_FAILED": true,
	"COMPLEXITY_LIMIT_EXCEEDED": true,
	apierr.CodeDepthLimit:       true,
}

var graphCodes = map[string]string{
	graph.ENOTFOUND: apierr.CodeNotFound,
	graph.EINVALID:  apierr.CodeBadUserInput,
	graph.ECONFLICT: apierr.CodeConflict,
	graph.ENOSPACE:  apierr.CodeInsufficientStorage,

	graph.EUNAUTHENTICATED: apierr.CodeUnauthenticated,
	graph.EFORBIDDEN:       apierr.CodeForbidden,
}

// presentError turns any resolver error into a GraphQL error with a code.
// Application errors keep their message; anything else, and every
// EINTERNAL error, is logged in full and shown as "internal error". No
// message quotes more than maxQuoted bytes of the request (quote.go).
func (s *Server) presentError(ctx context.Context, err error) *gqlerror.Error {
	return capMessage(s.presentErrorFull(ctx, err))
}

func (s *Server) presentErrorFull(ctx context.Context, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	if gerr.Extensions == nil {
		gerr.Extensions = map[string]any{}
	}
	if app, ok := errors.AsType[*graph.Error](err); ok {
		if code, ok := graphCodes[app.Code]; ok {
			gerr.Message = app.Message
			gerr.Extensions["code"] = code
			if len(app.Details) > 0 {
				gerr.Extensions["details"] = app.Details
			}
			gerr.Err = nil
			return gerr
		}
		return s.internal(ctx, gerr, err)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		gerr.Message = fmt.Sprintf("request timed out after %s", s.cfg.Timeout)
		gerr.Extensions["code"] = apierr.CodeTimeout
		gerr.Err = nil
		return gerr
	case errors.Is(err, context.Canceled):
		gerr.Message = "request canceled"
		gerr.Extensions["code"] = apierr.CodeTimeout
		gerr.Err = nil
		return gerr
	case gerr.Extensions["code"] != nil:
		// gqlgen's own refusals (parse, validation, complexity) and the depth limit.
		if code, _ := gerr.Extensions["code"].(string); refusalCodes[code] {
			s.metrics.Refused(code)
		}
		return gerr
	case gerr.Err == nil:
		// A message gqlgen wrote itself about the request (an unreadable
		// body, a missing operation); it wraps no Go error to leak.
		gerr.Extensions["code"] = apierr.CodeBadRequest
		return gerr
	}
	return s.internal(ctx, gerr, err)
}

func (s *Server) internal(ctx context.Context, gerr *gqlerror.Error, err error) *gqlerror.Error {
	s.logger.ErrorContext(ctx, "graphql internal error", "path", gerr.Path.String(), "err", err)
	gerr.Message = "internal error"
	gerr.Extensions["code"] = apierr.CodeInternal
	gerr.Err = nil
	return gerr
}

// recoverPanic turns a panic in a resolver into an internal error; the panic
// value and stack are logged.
func (s *Server) recoverPanic(ctx context.Context, p any) error {
	s.logger.ErrorContext(ctx, "graphql panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	return &graph.Error{Code: graph.EINTERNAL, Message: fmt.Sprintf("panic: %v", p)}
}
