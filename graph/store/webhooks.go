package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

// Webhooks: each registration is stored by id (keys.go: webhookKey) with
// its signing secret, which the delivery worker needs in the clear to sign
// a body (an HMAC key cannot be kept as a hash). The secret is shown once,
// by RegisterWebhook; Webhooks never returns it. A backup carries the
// secrets with the rest, and must be kept as safe as the store.

// webhookSecretPrefix starts every webhook secret.
const webhookSecretPrefix = "pwh_"

// MaxWebhooks bounds the registrations of one store.
const MaxWebhooks = 100

type storedWebhook struct {
	graph.Webhook
	SigningSecret string `json:"secret"`
}

// RegisterWebhook stores w with a new id and secret, and returns it with
// Secret set, the only time it is.
func (s *Store) RegisterWebhook(ctx context.Context, w *graph.Webhook) (*graph.Webhook, error) {
	secret := webhookSecretPrefix + base64.RawURLEncoding.EncodeToString(randomBytes(32))
	h := *w
	h.ID = "hook-" + rand.Text()[:12]
	h.Secret = nil
	err := s.updateMeta(ctx, "store.registerWebhook", func(txn *badger.Txn) error {
		n := 0
		if err := eachWebhook(ctx, txn, func(*storedWebhook) bool { n++; return true }); err != nil {
			return err
		}
		if n >= MaxWebhooks {
			return graph.Errorf(graph.EINVALID, "the store holds %d webhooks, the most it takes: delete one first", n)
		}
		v, err := json.Marshal(storedWebhook{Webhook: h, SigningSecret: secret})
		if err != nil {
			return err
		}
		return txn.Set(webhookKey(h.ID), v)
	})
	if err != nil {
		if graph.ErrorCode(err) == graph.EINVALID {
			return nil, errors.Unwrap(err)
		}
		return nil, err
	}
	h.Secret = &secret
	return &h, nil
}

// Webhooks returns every registration, by id, without secrets.
func (s *Store) Webhooks(ctx context.Context) ([]*graph.Webhook, error) {
	var out []*graph.Webhook
	err := s.db.View(func(txn *badger.Txn) error {
		return eachWebhook(ctx, txn, func(w *storedWebhook) bool {
			h := w.Webhook
			out = append(out, &h)
			return true
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store.webhooks: %w", err)
	}
	return out, nil
}

// WebhookSecret returns a registration's signing secret, or ENOTFOUND.
func (s *Store) WebhookSecret(ctx context.Context, id string) (string, error) {
	var secret string
	err := s.db.View(func(txn *badger.Txn) error {
		w, err := getWebhook(txn, id)
		if err != nil {
			return err
		}
		secret = w.SigningSecret
		return nil
	})
	if err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return "", err
		}
		return "", fmt.Errorf("store.webhookSecret: %w", err)
	}
	return secret, nil
}

// DeleteWebhook removes a registration, with its pending deliveries, or
// fails with ENOTFOUND.
func (s *Store) DeleteWebhook(ctx context.Context, id string) error {
	err := s.updateMeta(ctx, "store.deleteWebhook", func(txn *badger.Txn) error {
		if _, err := getWebhook(txn, id); err != nil {
			return err
		}
		if err := deleteDeliveries(ctx, txn, id); err != nil {
			return err
		}
		return txn.Delete(webhookKey(id))
	})
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return errors.Unwrap(err)
	}
	return err
}

// RecordWebhookAttempt keeps the outcome of a delivery attempt on its
// registration. A registration deleted meanwhile is left deleted.
func (s *Store) RecordWebhookAttempt(ctx context.Context, id string, a graph.WebhookAttempt) error {
	err := s.updateMeta(ctx, "store.recordWebhookAttempt", func(txn *badger.Txn) error {
		return recordAttempt(txn, id, a)
	})
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil
	}
	return err
}

// recordAttempt keeps an attempt's outcome on registration id, or fails
// with ENOTFOUND.
func recordAttempt(txn *badger.Txn, id string, a graph.WebhookAttempt) error {
	w, err := getWebhook(txn, id)
	if err != nil {
		return err
	}
	w.LastStatus, w.LastError, w.LastAttempt = a.Status, a.Err, a.Time.UTC()
	if a.Err == "" {
		w.LastDelivered, w.Failures = a.Time.UTC(), 0
	} else {
		w.Failures++
	}
	v, err := json.Marshal(w)
	if err != nil {
		return err
	}
	return txn.Set(webhookKey(id), v)
}

func getWebhook(txn *badger.Txn, id string) (*storedWebhook, error) {
	item, err := txn.Get(webhookKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, graph.Errorf(graph.ENOTFOUND, "no webhook %q", id)
	} else if err != nil {
		return nil, err
	}
	var w storedWebhook
	if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &w) }); err != nil {
		return nil, err
	}
	return &w, nil
}

func eachWebhook(ctx context.Context, txn *badger.Txn, f func(*storedWebhook) bool) error {
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{spaceWebhook}
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Seek(o.Prefix); it.ValidForPrefix(o.Prefix); it.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		var w storedWebhook
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &w) }); err != nil {
			return err
		}
		if !f(&w) {
			return nil
		}
	}
	return nil
}
