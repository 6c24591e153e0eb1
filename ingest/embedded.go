package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/pactwatch/pactwatch/fixtures"
	"github.com/pactwatch/pactwatch/graph"
)

// Hash returns a hash of what loading the corpus writes: SHA-256 over its
// origins and its records (kind and JSON, sorted by id), hex-encoded. Two
// corpora with the same records have the same hash, whatever their files'
// comments and layout; a changed fact changes it.
func (c *Corpus) Hash() (string, error) {
	h := sha256.New()
	for _, o := range c.Origins {
		fmt.Fprintf(h, "origin %q\n", o)
	}
	nodes := slices.Clone(c.Nodes)
	slices.SortFunc(nodes, func(a, b graph.Node) int { return strings.Compare(a.NodeID(), b.NodeID()) })
	for _, n := range nodes {
		b, err := json.Marshal(n)
		if err != nil {
			return "", fmt.Errorf("ingest.Hash: %s: %w", n.NodeID(), err)
		}
		fmt.Fprintf(h, "%d %d\n", n.NodeKind(), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// embedded parses the embedded corpus once, for its hash and origins;
// LoadEmbedded parses its own copy, which the store may keep.
var embedded = sync.OnceValues(func() (*Corpus, error) { return ParseFS(fixtures.FS, ".") })

// EmbeddedHash returns the Hash of the corpus embedded in the binary.
func EmbeddedHash() (string, error) {
	c, err := embedded()
	if err != nil {
		return "", err
	}
	return c.Hash()
}

// EmbeddedOrigins returns the files of the embedded corpus, sorted.
func EmbeddedOrigins() ([]string, error) {
	c, err := embedded()
	if err != nil {
		return nil, err
	}
	return slices.Clone(c.Origins), nil
}
