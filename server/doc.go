// Package server serves pactwatch's GraphQL API over HTTP: the gqlgen
// resolvers over a graph.Store, per-request dataloaders, the error presenter,
// query depth and complexity limits, a self-contained GraphQL IDE at
// /graphiql, health and Prometheus metrics, and the dashboard at /.
package server

//go:generate go tool gqlgen generate
