package store

import (
	"encoding/binary"

	"github.com/dgraph-io/badger/v4"
)

// Key builders and parsers, exported for the external tests.
var (
	NodeKey           = nodeKey
	ParseNodeKey      = parseNodeKey
	KindKey           = kindKey
	ParseKindKey      = parseKindKey
	OriginKey         = originKey
	ParseOriginKey    = parseOriginKey
	EdgeKey           = edgeKey
	EdgePrefix        = edgePrefix
	ParseEdgeKey      = parseEdgeKey
	DeliveryKey       = deliveryKey
	ParseDeliveryKey  = parseDeliveryKey
	HookBatchKey      = hookBatchKey
	ParseHookBatchKey = parseHookBatchKey
)

// Dump returns every key of the store with its value, for tests that check
// a failed write left the store byte for byte as it was, leaving out the
// change log and where it starts (DumpAll has them), which differ between
// stores holding the same graph.
func Dump(s *Store) (map[string]string, error) {
	all, err := DumpAll(s)
	for k := range all {
		if k[0] == spaceLog || k[0] == spaceRecLog || k[0] == spaceBatch || k[0] == spaceHookQ || k == string(historyStartKey) {
			delete(all, k)
		}
	}
	return all, err
}

// DumpAll returns every key of the store with its value.
func DumpAll(s *Store) (map[string]string, error) {
	out := map[string]string{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().KeyCopy(nil))] = string(v)
		}
		return nil
	})
	return out, err
}

// SetFormat records format version v in the store, as a newer pactwatch
// would, for the tests of Open's refusal.
func SetFormat(s *Store, v uint32) error {
	return s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(formatKey, binary.BigEndian.AppendUint32(nil, v))
	})
}
