package resolvers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	stdjson "encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/guard"
)

// Idempotent writes: applyChanges with an idempotencyKey remembers its
// answer under the API key's name and that key for IdempotencyWindow, so a
// form submitted twice (a double click, a retry after a lost answer) makes
// one draft, and the repeat is told the same draft.

// IdempotencyWindow is how long a write's answer is remembered.
const IdempotencyWindow = 24 * time.Hour

// maxIdempotencyKey bounds an idempotency key's length.
const maxIdempotencyKey = 200

// idemStore remembers answers by scope and key (graph/store idempotency.go).
type idemStore interface {
	Recall(ctx context.Context, scope, key string) ([]byte, error)
	Remember(ctx context.Context, scope, key string, answer []byte, ttl time.Duration) error
}

// idempotentWrites serialises the writes that carry a key, so that two
// repeats arriving together cannot both miss the remembered answer.
var idempotentWrites sync.Mutex

// remembered is what a write's answer is kept as: the batch's hash, to
// tell a repeat from another batch under the same key, and the payload.
type remembered struct {
	Hash      string   `json:"hash"`
	Published bool     `json:"published"`
	Draft     string   `json:"draft,omitempty"`
	Added     []string `json:"added"`
	Changed   []string `json:"changed"`
	Removed   []string `json:"removed"`
	Unchanged int      `json:"unchanged"`
	Version   *string  `json:"version,omitempty"`
}

// idempotent runs write for in once per (API key, in.IdempotencyKey):
// without a key, or on a store that remembers nothing, it just runs it.
func (r *Resolver) idempotent(ctx context.Context, in generated.ChangesInput, write func() (*generated.ChangesPayload, error)) (*generated.ChangesPayload, error) {
	store, ok := r.store.(idemStore)
	key := guard.AuthFrom(ctx).Key()
	if in.IdempotencyKey == nil || !ok || key == nil {
		return write()
	}
	k := *in.IdempotencyKey
	if k == "" || len(k) > maxIdempotencyKey {
		reportProblems(ctx, []inputProblem{{"input.idempotencyKey", fmt.Sprintf("want 1 to %d characters, got %d", maxIdempotencyKey, len(k))}})
		return nil, nil
	}
	in.IdempotencyKey = nil
	raw, err := stdjson.Marshal(in)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	hash := hex.EncodeToString(sum[:])
	idempotentWrites.Lock()
	defer idempotentWrites.Unlock()
	prev, err := store.Recall(ctx, key.Name, k)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		var m remembered
		if err := stdjson.Unmarshal(prev, &m); err != nil {
			return nil, fmt.Errorf("idempotency: %w", err)
		}
		if m.Hash != hash {
			reportProblems(ctx, []inputProblem{{"input.idempotencyKey", "already used for another batch: send a new key with each new batch"}})
			return nil, nil
		}
		p := &generated.ChangesPayload{Published: m.Published, Added: nonNil(m.Added), Changed: nonNil(m.Changed), Removed: nonNil(m.Removed), Unchanged: m.Unchanged, Version: m.Version}
		if m.Draft != "" {
			cs, err := r.curation()
			if err != nil {
				return nil, err
			}
			d, err := cs.Draft(ctx, m.Draft)
			if err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
				return nil, err
			}
			if d == nil {
				// Published or discarded since: the draft is what it was.
				d = &graph.Draft{ID: m.Draft, Author: key.Name, Message: in.Message}
			}
			p.Draft = d
		}
		return p, nil
	}
	p, err := write()
	if err != nil || p == nil {
		return p, err
	}
	m := remembered{Hash: hash, Published: p.Published, Added: p.Added, Changed: p.Changed, Removed: p.Removed, Unchanged: p.Unchanged, Version: p.Version}
	if p.Draft != nil {
		m.Draft = p.Draft.ID
	}
	v, err := stdjson.Marshal(m)
	if err != nil {
		return nil, err
	}
	if err := store.Remember(ctx, key.Name, k, v, IdempotencyWindow); err != nil {
		return nil, err
	}
	return p, nil
}
