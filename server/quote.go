package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/server/apierr"
)

// maxQuoted is the most bytes of an error message: a message that quotes
// the request (an unknown state, an unparsable date, the JSON body gqlgen
// could not decode) quotes this much of it, so that an answer never grows
// with a hostile input.
const maxQuoted = 500

// capMessage cuts e's message to maxQuoted bytes, saying how much was cut.
func capMessage(e *gqlerror.Error) *gqlerror.Error {
	if e != nil {
		e.Message = capText(e.Message)
	}
	return e
}

func capText(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes not shown)", s[:cut], len(s)-cut)
}

// cappedErrors cuts the messages of an error response that gqlgen's
// transports write themselves, past the error presenter (a body that is
// not JSON, quoted whole). It reads the status, and rewrites a body of
// status 400 or more that carries a message over maxQuoted.
type cappedErrors struct {
	http.ResponseWriter
	status int
}

func (w *cappedErrors) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *cappedErrors) Write(p []byte) (int, error) {
	if w.status < 400 || len(p) <= maxQuoted {
		return w.ResponseWriter.Write(p)
	}
	var resp struct {
		Errors []map[string]any `json:"errors"`
	}
	if json.Unmarshal(p, &resp) != nil || len(resp.Errors) == 0 {
		return w.ResponseWriter.Write(p)
	}
	for _, e := range resp.Errors {
		if m, ok := e["message"].(string); ok {
			e["message"] = capText(m)
		}
		if e["extensions"] == nil {
			e["extensions"] = map[string]any{"code": apierr.CodeBadRequest}
		}
	}
	b, err := json.Marshal(resp)
	if err != nil {
		return w.ResponseWriter.Write(p)
	}
	if _, err := w.ResponseWriter.Write(b); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *cappedErrors) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// getMutation answers a mutation sent by GET, which gqlgen's GET
// transport refuses with a bare 406, with 405, Allow: POST and a coded
// error, as GraphQL over HTTP asks.
type getMutation struct {
	http.ResponseWriter
	refused bool
}

func (w *getMutation) WriteHeader(status int) {
	if status != http.StatusNotAcceptable {
		w.ResponseWriter.WriteHeader(status)
		return
	}
	w.refused = true
	w.Header().Set("Allow", "POST")
	writeErrors(w.ResponseWriter, http.StatusMethodNotAllowed, &gqlerror.Error{
		Message:    "a mutation must be sent by POST; GET takes queries only",
		Extensions: map[string]any{"code": apierr.CodeBadRequest},
	})
}

func (w *getMutation) Write(p []byte) (int, error) {
	if w.refused {
		return len(p), nil
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *getMutation) Unwrap() http.ResponseWriter { return w.ResponseWriter }
