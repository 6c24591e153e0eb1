package store

import (
	"encoding/binary"
	"fmt"

	"github.com/pactwatch/pactwatch/graph"
)

// Key layout. Every key starts with a one-byte keyspace. A variable-length
// part that is followed by another part carries a two-byte big-endian length
// prefix, so a prefix scan for "law-1" never matches "law-10". The last part
// of a key runs to its end and needs no length; keeping it raw makes a prefix
// scan return ids in byte order, as graph.Reader promises.
//
//	node    0x01 | id                                     → kind byte | JSON node
//	kind    0x02 | kind | id                              → empty
//	origin  0x03 | len(origin) | origin | id              → empty
//	edge    0x04 | len(to) | to | relation | from         → empty
//	facts   0x05 | 'S' | state code                       → graph.StateBlock, binary (blockcodec.go)
//	        0x05 | 'I' | instrument id                    → graph.InstrumentBlock, binary (blockcodec.go)
//	meta    0x06 | name                                   → value (format.go)
//	log     0x07 | seq BE (8 B) | index BE (4 B)          → JSON logEntry (history.go)
//	reclog  0x08 | len(id) | id | seq BE | index BE       → empty
//	batch   0x0B | seq BE (8 B)                           → JSON logBatch: author, message
//	draft   0x09 | draft id                               → JSON draft (drafts.go)
//	apikey  0x0A | name                                   → JSON API key (apikeys.go)
//	webhook 0x0C | webhook id                             → JSON webhook and its secret (webhooks.go)
//	hookq   0x0D | 'B' | seq BE (8 B)                     → empty: a batch not yet matched to the webhooks (deliveries.go)
//	        0x0D | 'D' | seq BE (8 B) | webhook id        → JSON graph.PendingDelivery
//	audit   0x0E | seq BE (8 B)                           → JSON graph.AuditEntry (audit.go)
//	idem    0x0F | len(scope) | scope | key                → JSON remembered answer, expiring (idempotency.go)
//
// There is one edge key per graph.Ref: "from" is the node that holds the
// reference, "to" the node it names. The forward direction is read from the
// node's own field (a point read of the node key); the backward direction is
// a key-only prefix scan of edge keys for (to, relation). A scan of
// 0x04 | len(to) | to alone finds every node that references "to", which is
// how Apply refuses to delete a node that is still referenced.
//
// Keyspace bytes, kind bytes and relation bytes are persisted: never
// renumber them. Drafts, API keys and webhook registrations are ordinary
// keys too: a backup (Badger's, of every key since version 0) carries them,
// and Restore brings them back.
//
// The webhook queue (hookq) is the outbox of the webhooks: an Apply that
// logs a batch while any webhook is registered writes, in the batch's own
// transaction, a 'B' key for it, whoever writes (the server, or a CLI
// ingest while no server holds the store). A server matches each such
// batch against the registrations, and in one transaction replaces its 'B'
// key by one 'D' key per registration the batch concerns: the delivery's
// id, URL, signed body, attempts made and when the next is due. The 'D' key
// is rewritten after each failed attempt and deleted when the delivery
// succeeds or is given up, or with its registration. Keyed by the batch's
// seq, the queue is read oldest first; a restarted server resumes it where
// the last one stopped. A backup carries the queue: a restored store
// resumes the deliveries it held, which receivers tell apart by the
// delivery's id.
//
// History: an explicit change log, not Badger's managed mode. Every Apply
// writes, in the transaction of the change itself, one log entry per record
// it adds, changes or removes, keyed by the batch's commit time in
// nanoseconds (seq; made strictly increasing) and the record's place in the
// batch, holding the record's value before the change and a retraction's
// reason; a reclog key per entry indexes the log by record, and one batch
// key per batch holds its author and message. The value after a change is
// not stored twice: it is the next entry's before, or the live node. The graph as known at a time T is the current graph with every
// entry after T undone: for each record touched after T, its "before" of
// the first such entry (Store.At). Managed mode was the alternative; it was
// not taken because it needs commit timestamps supplied by the caller for
// every transaction, a discard timestamp that must never pass what has to
// stay readable, and a NumVersionsToKeep of "all"; Load's StreamWriter and
// Restore's DropAll would wipe every old version; and the versions carry no
// author, message or reason, which the audit log needs anyway. The log is
// ordinary keys, so Badger's backup carries it and Restore brings it back
// unchanged. A bulk Load logs nothing: it records the load's time as the
// start of history, and At refuses a time before it.
const (
	spaceNode   byte = 0x01
	spaceKind   byte = 0x02
	spaceOrigin byte = 0x03
	spaceEdge   byte = 0x04
	spaceFacts  byte = 0x05
	// spaceGraphEnd is the first keyspace after the graph's: every key
	// below it is part of the graph.
	spaceGraphEnd byte = 0x05
	spaceLog      byte = 0x07
	spaceRecLog   byte = 0x08
	spaceDraft    byte = 0x09
	spaceAPIKey   byte = 0x0A
	spaceBatch    byte = 0x0B
	spaceWebhook  byte = 0x0C
	spaceHookQ    byte = 0x0D
	spaceAudit    byte = 0x0E
	spaceIdem     byte = 0x0F
)

// Webhook queue kinds, the byte after spaceHookQ.
const (
	hookqBatch    byte = 'B'
	hookqDelivery byte = 'D'
)

// hookBatchKey builds the key of a batch awaiting its match against the
// webhooks.
//
//	+------+-----+-----------+
//	| 0x0D | 'B' | seq BE    |
//	+------+-----+-----------+
//	  1 B    1 B   8 B
func hookBatchKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{spaceHookQ, hookqBatch}, seq)
}

// parseHookBatchKey returns the sequence number of a hookq batch key.
func parseHookBatchKey(k []byte) (uint64, error) {
	if len(k) != 10 || k[0] != spaceHookQ || k[1] != hookqBatch {
		return 0, fmt.Errorf("store.parseHookBatchKey: not a webhook batch key: %x", k)
	}
	return binary.BigEndian.Uint64(k[2:]), nil
}

// deliveryKey builds the key of a pending webhook delivery: one batch's
// changes for one registration. The webhook id runs to the end of the key.
//
//	+------+-----+-----------+---------------+
//	| 0x0D | 'D' | seq BE    | webhook id ...|
//	+------+-----+-----------+---------------+
//	  1 B    1 B   8 B
func deliveryKey(seq uint64, webhook string) []byte {
	k := make([]byte, 0, 10+len(webhook))
	k = append(k, spaceHookQ, hookqDelivery)
	k = binary.BigEndian.AppendUint64(k, seq)
	return append(k, webhook...)
}

// parseDeliveryKey returns the sequence number and webhook id of a
// delivery key.
func parseDeliveryKey(k []byte) (uint64, string, error) {
	if len(k) < 10 || k[0] != spaceHookQ || k[1] != hookqDelivery {
		return 0, "", fmt.Errorf("store.parseDeliveryKey: not a delivery key: %x", k)
	}
	return binary.BigEndian.Uint64(k[2:]), string(k[10:]), nil
}

// batchKey builds the key of a logged batch's header.
//
//	+------+-----------+
//	| 0x0B | seq BE    |
//	+------+-----------+
//	  1 B    8 B
func batchKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{spaceBatch}, seq)
}

// logKey builds a change-log key.
//
//	+------+-----------+-------------+
//	| 0x07 | seq BE    | index BE    |
//	+------+-----------+-------------+
//	  1 B    8 B         4 B
func logKey(seq uint64, index uint32) []byte {
	k := make([]byte, 0, 13)
	k = append(k, spaceLog)
	k = binary.BigEndian.AppendUint64(k, seq)
	return binary.BigEndian.AppendUint32(k, index)
}

// parseLogKey returns the sequence number and index of a log key.
func parseLogKey(k []byte) (uint64, uint32, error) {
	if len(k) != 13 || k[0] != spaceLog {
		return 0, 0, fmt.Errorf("store.parseLogKey: not a log key: %x", k)
	}
	return binary.BigEndian.Uint64(k[1:]), binary.BigEndian.Uint32(k[9:]), nil
}

// recordLogPrefix builds the prefix of every reclog key of one record.
//
//	+------+------------+---------+
//	| 0x08 | len(id) BE | id ...  |
//	+------+------------+---------+
//	  1 B    2 B
func recordLogPrefix(id string) []byte {
	k := make([]byte, 0, 3+len(id)+12)
	k = append(k, spaceRecLog)
	return appendPart(k, id)
}

// recordLogKey builds the key indexing one log entry by its record.
//
//	+------+------------+---------+--------+----------+
//	| 0x08 | len(id) BE | id ...  | seq BE | index BE |
//	+------+------------+---------+--------+----------+
//	  1 B    2 B                    8 B      4 B
func recordLogKey(id string, seq uint64, index uint32) []byte {
	k := recordLogPrefix(id)
	k = binary.BigEndian.AppendUint64(k, seq)
	return binary.BigEndian.AppendUint32(k, index)
}

// idemKey builds the key of a remembered write, by the API key's name
// (scope) and the writer's idempotency key.
//
//	+------+---------------+-----------+--------+
//	| 0x0F | len(scope) BE | scope ... | key ...|
//	+------+---------------+-----------+--------+
func idemKey(scope, key string) []byte {
	return append(appendPart([]byte{spaceIdem}, scope), key...)
}

// draftKey builds a draft's key.
//
//	+------+-------------+
//	| 0x09 | draft id ...|
//	+------+-------------+
func draftKey(id string) []byte { return append([]byte{spaceDraft}, id...) }

// apiKeyKey builds an API key's record key, by the key's name.
//
//	+------+----------+
//	| 0x0A | name ... |
//	+------+----------+
func apiKeyKey(name string) []byte { return append([]byte{spaceAPIKey}, name...) }

// webhookKey builds a webhook registration's key, by its id.
//
//	+------+---------------+
//	| 0x0C | webhook id ...|
//	+------+---------------+
func webhookKey(id string) []byte { return append([]byte{spaceWebhook}, id...) }

// auditKey builds the key of one act of the audit log, by its seq.
//
//	+------+--------+
//	| 0x0E | seq BE |
//	+------+--------+
//	  1 B    8 B
func auditKey(seq uint64) []byte { return binary.BigEndian.AppendUint64([]byte{spaceAudit}, seq) }

// parseAuditKey returns the seq of an audit key.
func parseAuditKey(k []byte) (uint64, error) {
	if len(k) != 9 || k[0] != spaceAudit {
		return 0, fmt.Errorf("store.parseAuditKey: not an audit key: %x", k)
	}
	return binary.BigEndian.Uint64(k[1:]), nil
}

// maxPart is the longest id or origin a key can hold: its length must fit the
// two-byte prefix.
const maxPart = 1<<16 - 1

// nodeKey builds a node key.
//
//	+------+----------+
//	| 0x01 | id ...   |
//	+------+----------+
func nodeKey(id string) []byte {
	k := make([]byte, 0, 1+len(id))
	k = append(k, spaceNode)
	return append(k, id...)
}

// parseNodeKey returns the id of a node key.
func parseNodeKey(k []byte) (string, error) {
	if len(k) < 1 || k[0] != spaceNode {
		return "", fmt.Errorf("store.parseNodeKey: not a node key: %x", k)
	}
	return string(k[1:]), nil
}

// kindPrefix builds the prefix of every kind key of kind k.
//
//	+------+------+
//	| 0x02 | kind |
//	+------+------+
func kindPrefix(k graph.Kind) []byte { return []byte{spaceKind, byte(k)} }

// kindKey builds a kind index key.
//
//	+------+------+----------+
//	| 0x02 | kind | id ...   |
//	+------+------+----------+
func kindKey(k graph.Kind, id string) []byte {
	key := make([]byte, 0, 2+len(id))
	key = append(key, spaceKind, byte(k))
	return append(key, id...)
}

// parseKindKey returns the kind and id of a kind key.
func parseKindKey(k []byte) (graph.Kind, string, error) {
	if len(k) < 2 || k[0] != spaceKind {
		return 0, "", fmt.Errorf("store.parseKindKey: not a kind key: %x", k)
	}
	return graph.Kind(k[1]), string(k[2:]), nil
}

// originPrefix builds the prefix of every origin key of origin.
//
//	+------+----------------+-------------+
//	| 0x03 | len(origin) BE | origin ...  |
//	+------+----------------+-------------+
//	  1 B    2 B
func originPrefix(origin string) []byte {
	k := make([]byte, 0, 3+len(origin))
	k = append(k, spaceOrigin)
	return appendPart(k, origin)
}

// originKey builds an origin index key.
//
//	+------+----------------+-------------+----------+
//	| 0x03 | len(origin) BE | origin ...  | id ...   |
//	+------+----------------+-------------+----------+
//	  1 B    2 B
func originKey(origin, id string) []byte {
	return append(originPrefix(origin), id...)
}

// parseOriginKey returns the origin and id of an origin key.
func parseOriginKey(k []byte) (origin, id string, err error) {
	if len(k) < 1 || k[0] != spaceOrigin {
		return "", "", fmt.Errorf("store.parseOriginKey: not an origin key: %x", k)
	}
	origin, rest, ok := readPart(k[1:])
	if !ok {
		return "", "", fmt.Errorf("store.parseOriginKey: truncated key: %x", k)
	}
	return origin, string(rest), nil
}

// edgeToPrefix builds the prefix of every edge key that points to "to", for
// any relation.
//
//	+------+------------+---------+
//	| 0x04 | len(to) BE | to ...  |
//	+------+------------+---------+
//	  1 B    2 B
func edgeToPrefix(to string) []byte {
	k := make([]byte, 0, 4+len(to))
	k = append(k, spaceEdge)
	return appendPart(k, to)
}

// edgePrefix builds the prefix of the edge keys of relation rel that point to
// "to": a scan of it lists the nodes related to "to" by rel.
//
//	+------+------------+---------+-----+
//	| 0x04 | len(to) BE | to ...  | rel |
//	+------+------------+---------+-----+
//	  1 B    2 B                    1 B
func edgePrefix(rel graph.Relation, to string) []byte {
	return append(edgeToPrefix(to), byte(rel))
}

// edgeKey builds the key of one edge, from the node "from" (which holds the
// reference) to the node "to" (which it names).
//
//	+------+------------+---------+-----+-----------+
//	| 0x04 | len(to) BE | to ...  | rel | from ...  |
//	+------+------------+---------+-----+-----------+
//	  1 B    2 B                    1 B
func edgeKey(rel graph.Relation, to, from string) []byte {
	return append(edgePrefix(rel, to), from...)
}

// parseEdgeKey returns the parts of an edge key.
func parseEdgeKey(k []byte) (rel graph.Relation, to, from string, err error) {
	if len(k) < 1 || k[0] != spaceEdge {
		return 0, "", "", fmt.Errorf("store.parseEdgeKey: not an edge key: %x", k)
	}
	to, rest, ok := readPart(k[1:])
	if !ok || len(rest) < 1 {
		return 0, "", "", fmt.Errorf("store.parseEdgeKey: truncated key: %x", k)
	}
	return graph.Relation(rest[0]), to, string(rest[1:]), nil
}

// appendPart appends a two-byte big-endian length and s. Callers check
// len(s) <= maxPart first.
func appendPart(k []byte, s string) []byte {
	k = binary.BigEndian.AppendUint16(k, uint16(len(s)))
	return append(k, s...)
}

// readPart reads a length-prefixed part and returns it and the rest.
func readPart(b []byte) (string, []byte, bool) {
	if len(b) < 2 {
		return "", nil, false
	}
	n := int(binary.BigEndian.Uint16(b))
	if len(b) < 2+n {
		return "", nil, false
	}
	return string(b[2 : 2+n]), b[2+n:], true
}

// keyProblem says why n cannot be keyed (nil, an empty id, an id or origin
// too long for a length prefix), naming a node without an id by where (a
// format with one %d) and index; it returns "" for a node that can be
// stored, without allocating.
func keyProblem(n graph.Node, where string, index int) string {
	if n == nil {
		return fmt.Sprintf(where+": nil node", index)
	}
	id := n.NodeID()
	switch {
	case id == "":
		return fmt.Sprintf(where+" (%s): id: empty", index, n.NodeKind())
	case len(id) > maxPart:
		return fmt.Sprintf("%.40s… (%s): id: longer than %d bytes", id, n.NodeKind(), maxPart)
	case len(graph.RecordOf(n).Origin) > maxPart:
		return fmt.Sprintf("%s: origin: longer than %d bytes", id, maxPart)
	}
	return ""
}

// Fact block kinds, the byte after spaceFacts.
const (
	factState      byte = 'S'
	factInstrument byte = 'I'
)

// factKey builds the key of a state's or an instrument's fact block.
//
//	+------+------+----------+
//	| 0x05 | kind | id ...   |
//	+------+------+----------+
func factKey(kind byte, id string) []byte {
	k := make([]byte, 0, 2+len(id))
	k = append(k, spaceFacts, kind)
	return append(k, id...)
}
