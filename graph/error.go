package graph

import (
	"errors"
	"fmt"
)

// Application error codes. They are stable: clients and the GraphQL error
// presenter switch on them.
const (
	ECONFLICT = "conflict"  // the request conflicts with the stored graph
	EINTERNAL = "internal"  // a bug or an I/O failure; shown to users as "internal error"
	EINVALID  = "invalid"   // the input is malformed or breaks a rule
	ENOTFOUND = "not_found" // the named node does not exist
	// EUNAUTHENTICATED refuses a request that needs a key and has none, or
	// a wrong or revoked one; EFORBIDDEN one whose key's role may not do it.
	EUNAUTHENTICATED = "unauthenticated"
	EFORBIDDEN       = "forbidden"
	// ENOSPACE refuses a write the disk has no room for; nothing was
	// written, and reads go on.
	ENOSPACE = "no_space"
)

// Error is the one application error of pactwatch. Any error that is not an
// *Error is an internal error: its text is logged, never shown to users.
type Error struct {
	Code    string
	Message string
	// Details lists every individual problem when one operation found many
	// (for example all the dangling references of a rejected batch).
	Details []string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Details) == 0 {
		return fmt.Sprintf("pactwatch error: code=%s message=%s", e.Code, e.Message)
	}
	return fmt.Sprintf("pactwatch error: code=%s message=%s (%d details)", e.Code, e.Message, len(e.Details))
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the application error in err's chain, or
// EINTERNAL when there is none. A nil error has no code.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the application error in err's chain, or
// "internal error" when there is none, so that internal details never reach
// users.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
