// Package resolvers holds the gqlgen resolvers of the schema in schema/, and
// what they read through: the per-request loaders and their prefetch plan,
// pagination, the write path (decoding and checking a batch, drafts), the
// search field, and the cost of each list field for the complexity limit.
// Files named *.resolvers.go are rewritten by gqlgen (go tool gqlgen
// generate), keeping the bodies of their resolvers; helpers live in the
// other files.
package resolvers
