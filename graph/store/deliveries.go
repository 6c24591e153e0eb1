package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

// The webhook queue (keys.go: hookq): the batches logged while a webhook
// was registered that no server has matched to the registrations yet, and
// the deliveries pending, each with its attempts. It survives a restart,
// so what one process writes (a server, or a CLI ingest) a server started
// later delivers.

// queueForWebhooks puts the batch logged at seq in the webhook queue, in
// the transaction that logs it, if any webhook is registered.
func queueForWebhooks(txn *badger.Txn, seq uint64) error {
	if !hasPrefix(txn, []byte{spaceWebhook}) {
		return nil
	}
	return txn.Set(hookBatchKey(seq), nil)
}

// hasPrefix reports whether txn sees a key with prefix p, reading keys only.
func hasPrefix(txn *badger.Txn, p []byte) bool {
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	o.Prefix = p
	it := txn.NewIterator(o)
	defer it.Close()
	it.Seek(p)
	return it.ValidForPrefix(p)
}

// WebhookQueued reports whether the webhook queue holds anything: a batch
// to match or a delivery pending.
func (s *Store) WebhookQueued(ctx context.Context) (bool, error) {
	var queued bool
	err := s.db.View(func(txn *badger.Txn) error {
		queued = hasPrefix(txn, []byte{spaceHookQ})
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store.webhookQueued: %w", err)
	}
	return queued, nil
}

// WebhookBatches returns the sequence numbers of the logged batches not yet
// matched to the webhooks, oldest first.
func (s *Store) WebhookBatches(ctx context.Context) ([]uint64, error) {
	var out []uint64
	err := s.db.View(func(txn *badger.Txn) error {
		keys, err := scanSuffixes(ctx, txn, []byte{spaceHookQ, hookqBatch})
		if err != nil {
			return err
		}
		for _, k := range keys {
			seq, err := parseHookBatchKey(append([]byte{spaceHookQ, hookqBatch}, k...))
			if err != nil {
				return err
			}
			out = append(out, seq)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.webhookBatches: %w", err)
	}
	return out, nil
}

// QueueDeliveries takes the batch logged at seq off the webhook queue and
// puts its deliveries (none when no registration wanted it) in its place,
// in one transaction. A delivery whose registration is gone meanwhile is
// left out. Queueing a batch that is no longer queued writes nothing, so
// that a batch is never delivered twice.
func (s *Store) QueueDeliveries(ctx context.Context, seq uint64, ds []*graph.PendingDelivery) error {
	return s.updateMeta(ctx, "store.queueDeliveries", func(txn *badger.Txn) error {
		if _, err := txn.Get(hookBatchKey(seq)); errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		for _, d := range ds {
			if d.Seq != seq {
				return fmt.Errorf("delivery %s is of batch %d, not %d", d.ID, d.Seq, seq)
			}
			if _, err := getWebhook(txn, d.Webhook); graph.ErrorCode(err) == graph.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			if err := putDelivery(txn, d); err != nil {
				return err
			}
		}
		return txn.Delete(hookBatchKey(seq))
	})
}

// PendingDeliveries returns the deliveries pending, oldest batch first.
func (s *Store) PendingDeliveries(ctx context.Context) ([]*graph.PendingDelivery, error) {
	var out []*graph.PendingDelivery
	err := s.db.View(func(txn *badger.Txn) error {
		return eachDelivery(ctx, txn, func(d *graph.PendingDelivery) error {
			out = append(out, d)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store.pendingDeliveries: %w", err)
	}
	return out, nil
}

// RecordDeliveryAttempt keeps the outcome of an attempt of d, in one
// transaction: on d's registration (RecordWebhookAttempt), and on the
// queue, which keeps d as given (its attempts and next attempt updated by
// the caller) unless done, when d is taken off it. A delivery whose
// registration is gone is taken off the queue.
func (s *Store) RecordDeliveryAttempt(ctx context.Context, d *graph.PendingDelivery, a graph.WebhookAttempt, done bool) error {
	return s.updateMeta(ctx, "store.recordDeliveryAttempt", func(txn *badger.Txn) error {
		err := recordAttempt(txn, d.Webhook, a)
		switch {
		case graph.ErrorCode(err) == graph.ENOTFOUND:
			done = true
		case err != nil:
			return err
		}
		if done {
			return txn.Delete(deliveryKey(d.Seq, d.Webhook))
		}
		return putDelivery(txn, d)
	})
}

// deleteDeliveries takes every pending delivery of a registration off the
// queue.
func deleteDeliveries(ctx context.Context, txn *badger.Txn, webhook string) error {
	var gone [][]byte
	err := eachDelivery(ctx, txn, func(d *graph.PendingDelivery) error {
		if d.Webhook == webhook {
			gone = append(gone, deliveryKey(d.Seq, d.Webhook))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range gone {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func putDelivery(txn *badger.Txn, d *graph.PendingDelivery) error {
	v, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return txn.Set(deliveryKey(d.Seq, d.Webhook), v)
}

func eachDelivery(ctx context.Context, txn *badger.Txn, f func(*graph.PendingDelivery) error) error {
	o := badger.DefaultIteratorOptions
	o.Prefix = []byte{spaceHookQ, hookqDelivery}
	it := txn.NewIterator(o)
	defer it.Close()
	for it.Seek(o.Prefix); it.ValidForPrefix(o.Prefix); it.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		seq, hook, err := parseDeliveryKey(it.Item().Key())
		if err != nil {
			return err
		}
		var d graph.PendingDelivery
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &d) }); err != nil {
			return fmt.Errorf("delivery %d/%s: %w", seq, hook, err)
		}
		if err := f(&d); err != nil {
			return err
		}
	}
	return nil
}
