// Package server is pactwatch's HTTP front: its Config, New, which wires the
// packages below it, and one route table (server.go); the GraphQL handler
// with its body limit, timeout, security headers and CORS (headers.go),
// GraphQL-over-HTTP statuses (conformance.go) and error presenter
// (errors.go). Each concern lives in a package of its own:
//
//	resolvers  the gqlgen resolvers, loaders, prefetch, write path, search field
//	generated  gqlgen's output, never edited by hand
//	guard      listener limits, operation limits, admission, API keys, write gate
//	direct     the direct path of lean gap lists and its answer cache
//	export     the /export/ tables and the corpus, as CSV and XLSX
//	webhook    webhooks and the change feed of subscriptions
//	engine     the compliance engine as the server asks it
//	apierr     the codes of extensions.code
//	metrics    the Prometheus counters
//	graphiql   the GraphQL IDE's assets
//	dashboard  the dashboard's assets
//	servertest helpers for these packages' tests over real HTTP
package server

//go:generate go tool gqlgen generate
