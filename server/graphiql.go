package server

import (
	_ "embed"
	"net/http"
)

// graphiqlPage is a small GraphQL IDE written for pactwatch: a query editor,
// variables, a run button, the result, and schema docs read by introspection.
// It loads nothing from the network, unlike gqlgen's playground (a CDN page),
// so it works offline.
//
//go:embed graphiql/index.html
var graphiqlPage []byte

func graphiqlHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(graphiqlPage)
	})
}
