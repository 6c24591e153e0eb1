package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

// API keys: each is stored by name (keys.go: apiKeyKey) with the
// HMAC-SHA-256 of its secret under the store's pepper, a random 32 bytes
// made on the first key and kept in the meta key "key-pepper". The secret
// itself is never stored: 32 random bytes (256 bits, so a fast keyed hash
// is enough; a password hash would only slow every request down), shown
// once. A stolen copy of the keys keyspace without the pepper cannot be
// checked against guesses; the two travel together in a backup, which must
// be kept as safe as the store.
var pepperKey = metaKey("key-pepper")

// secretPrefix starts every secret, so that a leaked one is recognisable.
const secretPrefix = "pwk_"

type storedKey struct {
	graph.APIKey
	Hash []byte `json:"hash"`
}

// CreateAPIKey makes a key, stores its hash and returns the secret, which
// cannot be read again, and records the act, by graph.ActorOf(ctx), in the
// same transaction. A name already used (even by a revoked key) is an
// ECONFLICT error.
func (s *Store) CreateAPIKey(ctx context.Context, name string, role graph.Role) (string, *graph.APIKey, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "" || len(name) > 100 || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' }):
		return "", nil, graph.Errorf(graph.EINVALID, "key name %q: want 1 to 100 printable characters", name)
	case !graph.ValidEnum(graph.Roles, role):
		return "", nil, graph.Errorf(graph.EINVALID, "role %q: want one of CURATOR, EDITOR, ADMIN", role)
	}
	secret := secretPrefix + base64.RawURLEncoding.EncodeToString(randomBytes(32))
	k := &graph.APIKey{Name: name, Role: role, Created: time.Now().UTC()}
	err := s.updateMeta(ctx, "store.createAPIKey", func(txn *badger.Txn) error {
		if _, err := txn.Get(apiKeyKey(name)); err == nil {
			return graph.Errorf(graph.ECONFLICT, "a key named %q exists already", name)
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		pepper, err := getMeta(txn, pepperKey)
		if err != nil {
			return err
		}
		if pepper == nil {
			pepper = randomBytes(32)
			if err := txn.Set(pepperKey, pepper); err != nil {
				return err
			}
		}
		v, err := json.Marshal(storedKey{APIKey: *k, Hash: keyHash(pepper, secret)})
		if err != nil {
			return err
		}
		if err := txn.Set(apiKeyKey(name), v); err != nil {
			return err
		}
		return putAct(txn, &graph.AuditEntry{At: k.Created, Actor: graph.ActorOf(ctx), Act: graph.ActKeyCreated, Subject: name,
			Details: map[string]string{"role": string(role)}})
	})
	if err != nil {
		if c := graph.ErrorCode(err); c == graph.ECONFLICT || c == graph.EINVALID {
			return "", nil, errors.Unwrap(err)
		}
		return "", nil, err
	}
	return secret, k, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func keyHash(pepper []byte, secret string) []byte {
	m := hmac.New(sha256.New, pepper)
	m.Write([]byte(secret))
	return m.Sum(nil)
}

// APIKeys returns every key, valid and revoked, by name.
func (s *Store) APIKeys(ctx context.Context) ([]*graph.APIKey, error) {
	var out []*graph.APIKey
	err := s.db.View(func(txn *badger.Txn) error {
		return eachKey(ctx, txn, func(k *storedKey) bool {
			a := k.APIKey
			out = append(out, &a)
			return true
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store.apiKeys: %w", err)
	}
	return out, nil
}

func eachKey(ctx context.Context, txn *badger.Txn, f func(*storedKey) bool) error {
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{spaceAPIKey}
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Seek(o.Prefix); it.ValidForPrefix(o.Prefix); it.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		var k storedKey
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &k) }); err != nil {
			return err
		}
		if !f(&k) {
			return nil
		}
	}
	return nil
}

// RevokeAPIKey revokes the named key: it fails from then on. The act is
// recorded, by graph.ActorOf(ctx), in the same transaction. ENOTFOUND when
// there is none.
func (s *Store) RevokeAPIKey(ctx context.Context, name string) (*graph.APIKey, error) {
	var out *graph.APIKey
	err := s.updateMeta(ctx, "store.revokeAPIKey", func(txn *badger.Txn) error {
		item, err := txn.Get(apiKeyKey(name))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return graph.Errorf(graph.ENOTFOUND, "no key named %q", name)
		} else if err != nil {
			return err
		}
		var k storedKey
		if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &k) }); err != nil {
			return err
		}
		already := k.Revoked
		if !k.Revoked {
			k.Revoked, k.RevokedAt = true, time.Now().UTC()
		}
		v, err := json.Marshal(k)
		if err != nil {
			return err
		}
		a := k.APIKey
		out = &a
		if err := txn.Set(apiKeyKey(name), v); err != nil || already {
			return err
		}
		return putAct(txn, &graph.AuditEntry{At: k.RevokedAt, Actor: graph.ActorOf(ctx), Act: graph.ActKeyRevoked, Subject: name,
			Details: map[string]string{"role": string(k.Role)}})
	})
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil, errors.Unwrap(err)
	}
	return out, err
}

// Authenticate returns the valid key whose secret this is, or an
// EUNAUTHENTICATED error for an unknown or revoked one. It compares hashes
// in constant time, against every key (there are few).
func (s *Store) Authenticate(ctx context.Context, secret string) (*graph.APIKey, error) {
	var found *storedKey
	err := s.db.View(func(txn *badger.Txn) error {
		pepper, err := getMeta(txn, pepperKey)
		if err != nil || pepper == nil {
			return err
		}
		h := keyHash(pepper, secret)
		return eachKey(ctx, txn, func(k *storedKey) bool {
			if hmac.Equal(k.Hash, h) {
				found = k
				return false
			}
			return true
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store.authenticate: %w", err)
	}
	if found == nil {
		return nil, graph.Errorf(graph.EUNAUTHENTICATED, "unknown API key")
	}
	if found.Revoked {
		return nil, graph.Errorf(graph.EUNAUTHENTICATED, "API key %q was revoked on %s", found.Name, found.RevokedAt.Format(time.RFC3339))
	}
	a := found.APIKey
	return &a, nil
}
