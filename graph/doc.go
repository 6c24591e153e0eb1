// Package graph is the domain of pactwatch: the nodes of the compliance graph
// (instruments, provisions, obligations, states, state actions, laws,
// implementation links and evidence), their enums, the Date type that keeps a
// date's precision, the application Error, the Store and Reader interfaces, and
// the compliance engine that decides, for a state, an obligation and a date,
// whether the state is bound and whether it has implemented.
//
// The package imports no third-party code: Badger lives in graph/store and
// GraphQL in server.
package graph
