package dashboard

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"sync"
)

// The pages' persisted queries: every query document the dashboard and the
// desk send anonymously, as they send it, kept in persisted.json and built
// into the binary, so that every process knows each by the SHA-256 of its
// text. The pages read by GET naming the hash alone
// (?extensions={"persistedQuery":{"version":1,"sha256Hash":"…"}}): short
// URLs, the same for every reader, which any HTTP cache can keep (the
// fetch wrapper of curate.js sends them). A document the set lacks is sent
// again with its text (automatic persisted queries, as for other clients).
//
// persisted.json is written by the browser test that reads every page
// (cmd/pactwatch/browsertest TestPageQueriesPersisted); `go generate
// ./server/dashboard` runs it to write the set again, and the test fails,
// naming the query, when a page sends one the set lacks.

//go:generate go test ../../cmd/pactwatch/browsertest -run TestPageQueriesPersisted -count=1 -args -update-persisted

//go:embed persisted.json
var persistedJSON []byte

// PersistedQueries returns the pages' query documents by the SHA-256 of
// their text (lowercase hex), as automatic persisted queries name them.
var PersistedQueries = sync.OnceValue(func() map[string]string {
	var docs []string
	if err := json.Unmarshal(persistedJSON, &docs); err != nil {
		panic("server/dashboard/persisted.json: " + err.Error()) // fixed at build time
	}
	out := make(map[string]string, len(docs))
	for _, d := range docs {
		out[QueryHash(d)] = d
	}
	return out
})

// QueryHash is the SHA-256 of a query document, in lowercase hex.
func QueryHash(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}
