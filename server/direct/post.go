package direct

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/server/apierr"
)

// PostJSON is gqlgen's POST transport (transport.POST: the same requests,
// content negotiation, statuses and error bodies) with a leaner response
// writer. gqlgen's marshals the whole response with encoding/json, which
// re-reads and re-compacts the data it already wrote compactly; on a gap
// list of a thousand records that costs as much as deciding them. postJSON
// writes the data as it is, escaping HTML characters the way encoding/json
// does, so the bytes are the same (post_internal_test.go).
type PostJSON struct{ transport.POST }

const (
	contentJSON            = "application/json"
	contentGraphQLResponse = "application/graphql-response+json"
)

// MissingQuery is why a POSTed body with neither a query nor a persisted
// query is refused.
const MissingQuery = `the request has no "query" (nor a persisted query): send {"query": "..."}`

// Do serves one POSTed operation: its body is read and decoded once.
func (h PostJSON) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	contentType := responseContentType(r)
	w.Header().Add("Content-Type", contentType)
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("could not read request body: %+v", err)}))
		return
	}
	params := &graphql.RawParams{}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf(
			"json request body could not be decoded: %+v body:%s", err, string(body))}))
		return
	}
	if params.Query == "" && params.Extensions["persistedQuery"] == nil {
		// Invalid parameters, refused before execution: a 400 with a
		// code and no "data" entry.
		w.WriteHeader(http.StatusBadRequest)
		b, _ := json.Marshal(struct {
			Errors gqlerror.List `json:"errors"`
		}{gqlerror.List{{Message: MissingQuery, Extensions: map[string]any{"code": apierr.CodeBadRequest}}}})
		w.Write(b)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		status := http.StatusOK
		if errcode.GetErrorKind(opErr) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
			if contentType == contentGraphQLResponse {
				status = http.StatusBadRequest
			}
		}
		w.WriteHeader(status)
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return
	}
	ctx, l := withLender(ctx)
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, responses(ctx))
	l.giveBack() // buffers.go
}

// responseContentType picks the response's media type from the Accept
// header, as transport.POST does by default: application/json unless only
// application/graphql-response+json (or nothing known) is accepted.
func responseContentType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return contentJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", contentJSON:
			return contentJSON
		case contentGraphQLResponse:
			return contentGraphQLResponse
		}
	}
	return contentGraphQLResponse
}

// writeResponse writes resp as encoding/json would marshal it, member by
// member, with the data as written.
func writeResponse(w io.Writer, resp *graphql.Response) {
	if resp == nil {
		io.WriteString(w, "null")
		return
	}
	head := make([]byte, 0, 64)
	head = append(head, '{')
	if len(resp.Errors) > 0 {
		head = append(head, `"errors":`...)
		head = appendJSON(head, resp.Errors)
		head = append(head, ',')
	}
	head = append(head, `"data":`...)
	data := resp.Data
	switch {
	case len(data) == 0:
		data = []byte("null")
	case needsHTMLEscape(data):
		var b bytes.Buffer
		json.HTMLEscape(&b, data)
		data = b.Bytes()
	}
	var tail []byte
	if resp.Label != "" {
		tail = appendJSON(append(tail, `,"label":`...), resp.Label)
	}
	if len(resp.Path) > 0 {
		tail = appendJSON(append(tail, `,"path":`...), resp.Path)
	}
	if resp.HasNext != nil {
		tail = appendJSON(append(tail, `,"hasNext":`...), resp.HasNext)
	}
	if len(resp.Extensions) > 0 {
		tail = appendJSON(append(tail, `,"extensions":`...), resp.Extensions)
	}
	tail = append(tail, '}')
	if len(data) < 4096 {
		w.Write(append(append(head, data...), tail...))
		return
	}
	// A large answer goes out as it is, not copied.
	w.Write(head)
	w.Write(data)
	w.Write(tail)
}

// needsHTMLEscape reports whether data holds a character encoding/json
// escapes for HTML: <, >, &, U+2028 or U+2029.
func needsHTMLEscape(data []byte) bool {
	if bytes.IndexByte(data, '<') >= 0 || bytes.IndexByte(data, '>') >= 0 || bytes.IndexByte(data, '&') >= 0 {
		return true
	}
	// U+2028 and U+2029 are E2 80 A8 and E2 80 A9: one pass finds both.
	for rest := data; ; {
		i := bytes.Index(rest, []byte("\xe2\x80"))
		if i < 0 {
			return false
		}
		if i+2 < len(rest) && (rest[i+2] == 0xA8 || rest[i+2] == 0xA9) {
			return true
		}
		rest = rest[i+2:]
	}
}

func appendJSON(b []byte, v any) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		panic(err) // as transport.POST does: the recover handler answers with a code
	}
	return append(b, out...)
}
