package webhook

import (
	"encoding/base64"
	"encoding/binary"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/generated"
)

// ChangeCursor is an entry's cursor: its sequence number and index.
func ChangeCursor(c *graph.RecordChange) string {
	b := binary.BigEndian.AppendUint64(nil, c.Seq)
	return base64.RawURLEncoding.EncodeToString(binary.BigEndian.AppendUint32(b, c.Index))
}

// ParseChangeCursor returns the sequence number and index of a ChangeCursor.
func ParseChangeCursor(s string) (uint64, uint32, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != 12 {
		return 0, 0, graph.Errorf(graph.EINVALID, "after: %q is not a cursor of changes", s)
	}
	return binary.BigEndian.Uint64(b), binary.BigEndian.Uint32(b[8:]), nil
}

// KindOf maps a GraphQL RecordKind to a node kind: the two lists are in the
// same order.
func KindOf(k generated.RecordKind) (graph.Kind, bool) {
	for i, x := range generated.AllRecordKind {
		if x == k {
			return graph.Kinds[i], true
		}
	}
	return 0, false
}

// RecordKind maps a node kind to its GraphQL RecordKind.
func RecordKind(k graph.Kind) generated.RecordKind {
	for i, x := range graph.Kinds {
		if x == k {
			return generated.AllRecordKind[i]
		}
	}
	return ""
}
