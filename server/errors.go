package server

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
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
			if arg := argumentOf(ctx, gerr); arg != "" && app.Code == graph.EINVALID {
				// A value that failed to parse (a Date, a Time): named by
				// the argument it was typed as, which the value's type
				// does not know.
				gerr.Message = arg + ": " + app.Message
				gerr.Extensions["field"] = arg
			}
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
	case argumentOf(ctx, gerr) != "":
		// A value gqlgen's own scalars could not read (an Int out of
		// range): the input's fault, named by its argument.
		arg := argumentOf(ctx, gerr)
		gerr.Message = arg + ": " + gerr.Message
		gerr.Extensions["code"] = apierr.CodeBadUserInput
		gerr.Extensions["field"] = arg
		gerr.Err = nil
		return gerr
	case gerr.Err == nil:
		// A message gqlgen wrote itself about the request (an unreadable
		// body, a missing operation); it wraps no Go error to leak.
		gerr.Extensions["code"] = apierr.CodeBadRequest
		return gerr
	}
	return s.internal(ctx, gerr, err)
}

// argumentOf names the argument, or the argument's input field, that an
// error of a value is about ("knownAt", "input.since"): the error's path
// runs past its field's own path only for an argument's value. "" for any
// other error.
func argumentOf(ctx context.Context, gerr *gqlerror.Error) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ""
	}
	own := fc.Path()
	if len(gerr.Path) <= len(own) {
		return ""
	}
	for i, el := range own {
		if fmt.Sprint(el) != fmt.Sprint(gerr.Path[i]) {
			return ""
		}
	}
	var b strings.Builder
	for _, el := range gerr.Path[len(own):] {
		switch el := el.(type) {
		case ast.PathIndex:
			fmt.Fprintf(&b, "[%d]", int(el))
		case ast.PathName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(el))
		}
	}
	return b.String()
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
