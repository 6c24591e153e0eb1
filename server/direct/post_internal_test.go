package direct

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
	"github.com/pactwatch/pactwatch/server/engine"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/resolvers"
)

// TestPostJSONWritesWhatPOSTWrites holds postJSON to gqlgen's own POST
// transport: the same status, content type and bytes for answers, HTML
// characters in the data, GraphQL errors, refused and malformed requests.
func TestPostJSONWritesWhatPOSTWrites(t *testing.T) {
	store := graphtest.MustOpenStore(t)
	c, err := ingest.ParsePaths(filepath.Join("..", "..", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(context.Background(), store, c); err != nil {
		t.Fatal(err)
	}
	eng := engine.New(store)
	es := generated.NewExecutableSchema(generated.Config{Resolvers: resolvers.New(store, eng, resolvers.Options{}), Complexity: resolvers.Complexity()})
	mk := func(tr graphql.Transport) *handler.Server {
		h := handler.New(es)
		h.AddTransport(tr)
		h.Use(extension.Introspection{})
		return h
	}
	stock, lean := mk(transport.POST{}), mk(PostJSON{})
	htmlSeen := false
	for _, tc := range []struct{ accept, contentType, body string }{
		{"", "application/json", `{"query":"{ instruments { id title summary place note sources { url } } }"}`},
		{"application/graphql-response+json", "application/json", `{"query":"{ instruments { id title } }"}`},
		{"application/json, */*", "application/json", `{"query":"{ ratifiedButNotImplemented(state: \"IDN\", include: [UNREVIEWED]) { legal reasons obligation { summary } } }"}`},
		{"", "application/json", `{"query":"{ ratifiedButNotImplemented(state: \"ZZZ\") { legal } }"}`},
		{"", "application/json", `{"query":"{ state(code: \"IDN\") { name } nope }"}`},
		{"application/graphql-response+json", "application/json", `{"query":"{ state(code: \"IDN\") { name } nope }"}`},
		{"application/graphql-response+json", "application/json", `{"query":"{ state(code: "}`},
		{"", "application/json", `{"query":"{ state(code: "}`},
		{"", "application/json", `{"query": 12}`},
		{"", "application/json", `not json`},
		{"text/html", "application/json", `{"query":"{ states { code } }"}`},
		{"", "application/json", `{"query":"query A { states { code } } query B { states { name } }","operationName":"C"}`},
		{"", "application/json", `{"query":"{ __schema { queryType { name } } }"}`},
	} {
		serve := func(h http.Handler) *httptest.ResponseRecorder {
			r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(tc.body))
			r.Header.Set("Content-Type", tc.contentType)
			if tc.accept != "" {
				r.Header.Set("Accept", tc.accept)
			}
			r = r.WithContext(resolvers.WithLoaders(r.Context(), store, eng))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w
		}
		a, b := serve(stock), serve(lean)
		if a.Code != b.Code || a.Header().Get("Content-Type") != b.Header().Get("Content-Type") || a.Body.String() != b.Body.String() {
			t.Errorf("%s (Accept %q):\nPOST:     %d %s %.400s\npostJSON: %d %s %.400s", tc.body, tc.accept,
				a.Code, a.Header().Get("Content-Type"), a.Body, b.Code, b.Header().Get("Content-Type"), b.Body)
		}
		htmlSeen = htmlSeen || strings.Contains(a.Body.String(), `\u0026`)
	}
	if !htmlSeen {
		t.Error("no answer held an HTML character: the escaping went untested")
	}
}

// TestNeedsHTMLEscape: data needs escaping exactly when encoding/json's
// HTMLEscape would change it, whatever sits around an E2 byte.
func TestNeedsHTMLEscape(t *testing.T) {
	for _, s := range []string{
		`{"a":"plain"}`, `"a < b"`, `"a > b"`, `"a & b"`, "\"line\u2028sep\"", "\"para\u2029sep\"",
		"\"dash \u2014 and \u2027\"", "\"\u2014\u2014\u2029\"", "\"ends in \xe2\"", "\"ends in \xe2\x80\"",
		"\"\xe2\x80\xa8\"", "\"\u201cquoted\u201d\"", "",
	} {
		var b bytes.Buffer
		json.HTMLEscape(&b, []byte(s))
		if got, want := needsHTMLEscape([]byte(s)), b.String() != s; got != want {
			t.Errorf("needsHTMLEscape(%q) = %v, want %v", s, got, want)
		}
	}
}
