package graph

import "context"

// Relation is a directed adjacency the store indexes, from a node to the
// nodes that reference it. Every reference field of a node (see RefsOf) has
// one, so the graph can be walked both ways by prefix scans: forward through
// the field, backward through the relation. Persisted in store keys as one
// byte: append-only, never renumbered.
type Relation uint8

// Relations. The comment names the field that creates the edge.
const (
	RelInstrumentProvisions            Relation = iota + 1 // Provision.InstrumentID
	RelInstrumentObligations                               // Obligation.InstrumentID
	RelProvisionObligations                                // Obligation.ProvisionID
	RelStateActions                                        // StateAction.StateCode
	RelInstrumentActions                                   // StateAction.InstrumentID
	RelLawActions                                          // StateAction.DomesticActID
	RelProvisionReservations                               // StateAction.Reservations[].ProvisionIDs
	RelStateLaws                                           // Law.StateCode
	RelLawRepeals                                          // Law.RepealedByID: repealing law → repealed laws
	RelLawAmendments                                       // Law.AmendsIDs: amended law → amending laws
	RelLawImplementations                                  // Implementation.LawID
	RelObligationImplementations                           // Implementation.ObligationID
	RelStateEvidence                                       // Evidence.StateCode
	RelObligationEvidence                                  // Evidence.ObligationIDs
	RelStateReviews                                        // Review.StateCode
	RelInstrumentReviews                                   // Review.InstrumentID
	RelProvisionReviews                                    // Review.ProvisionIDs
	RelObligationReviews                                   // Review.ObligationIDs
	RelLawReviews                                          // Review.LawIDs
	RelProvisionCorrespondences                            // Provision.CorrespondsTo[].ProvisionID
	RelLawStatuteProvisions                                // StatuteProvision.LawID
	RelStatuteProvisionImplementations                     // Implementation.ProvisionIDs
)

// Ref is one reference from a node to another node: the field that holds it,
// the id it names, the kind that id must have, and the relation that indexes
// it in reverse.
type Ref struct {
	Field string
	To    string
	Kind  Kind
	Rel   Relation
}

// RefsOf returns every reference n makes to other nodes. Empty optional
// references are left out. The store validates and indexes exactly these.
func RefsOf(n Node) []Ref {
	var refs []Ref
	add := func(field, to string, k Kind, rel Relation) {
		if to != "" {
			refs = append(refs, Ref{Field: field, To: to, Kind: k, Rel: rel})
		}
	}
	switch n := n.(type) {
	case *Provision:
		add("instrument", n.InstrumentID, KindInstrument, RelInstrumentProvisions)
		for _, c := range n.CorrespondsTo {
			add("correspondsTo.provision", c.ProvisionID, KindProvision, RelProvisionCorrespondences)
		}
	case *Obligation:
		add("instrument", n.InstrumentID, KindInstrument, RelInstrumentObligations)
		add("provision", n.ProvisionID, KindProvision, RelProvisionObligations)
	case *StateAction:
		add("state", n.StateCode, KindState, RelStateActions)
		add("instrument", n.InstrumentID, KindInstrument, RelInstrumentActions)
		add("domesticAct", n.DomesticActID, KindLaw, RelLawActions)
		for _, r := range n.Reservations {
			for _, p := range r.ProvisionIDs {
				add("reservations.provisions", p, KindProvision, RelProvisionReservations)
			}
		}
	case *Law:
		add("state", n.StateCode, KindState, RelStateLaws)
		add("repealedBy", n.RepealedByID, KindLaw, RelLawRepeals)
		for _, a := range n.AmendsIDs {
			add("amends", a, KindLaw, RelLawAmendments)
		}
	case *Implementation:
		add("law", n.LawID, KindLaw, RelLawImplementations)
		add("obligation", n.ObligationID, KindObligation, RelObligationImplementations)
		for _, p := range n.ProvisionIDs {
			add("provisions", p, KindStatuteProvision, RelStatuteProvisionImplementations)
		}
	case *StatuteProvision:
		add("law", n.LawID, KindLaw, RelLawStatuteProvisions)
	case *Evidence:
		add("state", n.StateCode, KindState, RelStateEvidence)
		for _, o := range n.ObligationIDs {
			add("obligations", o, KindObligation, RelObligationEvidence)
		}
	case *Review:
		add("state", n.StateCode, KindState, RelStateReviews)
		add("instrument", n.InstrumentID, KindInstrument, RelInstrumentReviews)
		for _, p := range n.ProvisionIDs {
			add("provisions", p, KindProvision, RelProvisionReviews)
		}
		for _, o := range n.ObligationIDs {
			add("obligations", o, KindObligation, RelObligationReviews)
		}
		for _, l := range n.LawIDs {
			add("laws", l, KindLaw, RelLawReviews)
		}
	}
	return refs
}

// Reader reads the graph. Implementations are safe for concurrent use; every
// call sees one consistent snapshot.
type Reader interface {
	// Nodes returns the nodes with the given ids, in the same order, with nil
	// where no node has that id.
	Nodes(ctx context.Context, ids []string) ([]Node, error)
	// IDs returns the id of every node of kind k, in byte order of the ids.
	IDs(ctx context.Context, k Kind) ([]string, error)
	// Neighbors returns, for each id in from (in the same order), the ids of
	// the nodes related to it by rel, in byte order.
	Neighbors(ctx context.Context, rel Relation, from []string) ([][]string, error)
}

// Batch is one atomic write. Either all of it is applied or none.
type Batch struct {
	// Replace names origins (fixture files) being loaded again: every stored
	// node whose Origin is listed and whose id is not in Put is deleted, so a
	// changed file leaves no stale records or edges behind.
	Replace []string
	// Put inserts or replaces nodes by id, with all their edges.
	Put []Node
	// Delete removes nodes by id.
	Delete []string
	// Author names who writes the batch (an API key's name, or "ingest"),
	// Message says why, and Reasons says why each deleted id is removed:
	// the change log (change.go) records all three with the change.
	Author  string
	Message string
	Reasons map[string]string
	// PublishesDraft names a draft the batch publishes: it is deleted in the
	// same transaction, and the batch fails if it is gone.
	PublishesDraft string
	// Expect holds, for records the batch writes or removes, the version
	// each must be at when the batch commits (version.go), 0 for a record
	// that must not exist. Apply checks every one in the batch's
	// transaction and refuses the whole batch with ConflictError if any
	// differs. Force skips the check (last writer wins); the change log
	// records that the batch was forced.
	Expect map[string]uint64
	Force  bool
}

// ApplyResult says what a batch changed, by id.
type ApplyResult struct {
	Added     []string
	Changed   []string
	Removed   []string
	Unchanged int
	// Seq is the change-log sequence number of the batch's entries, 0 when
	// it changed nothing.
	Seq uint64
}

// Store is the graph's store of record: a Reader plus one write API.
type Store interface {
	Reader
	// Apply validates and writes a batch atomically. Every reference of every
	// node must name an existing node of the right kind (in the batch or the
	// store), and no node left in the store may reference a deleted one; if
	// any check fails Apply returns an EINVALID *Error listing every problem
	// in Details, and the store is left exactly as it was.
	Apply(ctx context.Context, b *Batch) (*ApplyResult, error)
	Close() error
}

// Get returns the node of type T with the given id, or an ENOTFOUND error.
func Get[T Node](ctx context.Context, r Reader, id string) (T, error) {
	var zero T
	ns, err := r.Nodes(ctx, []string{id})
	if err != nil {
		return zero, err
	}
	n, ok := ns[0].(T)
	if !ok {
		return zero, Errorf(ENOTFOUND, "%s %q not found", kindOf[T](), id)
	}
	return n, nil
}

// GetMany returns the nodes of type T with the given ids, in order, with the
// zero value (nil) where there is none of that type.
func GetMany[T Node](ctx context.Context, r Reader, ids []string) ([]T, error) {
	ns, err := r.Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(ns))
	for i, n := range ns {
		if t, ok := n.(T); ok {
			out[i] = t
		}
	}
	return out, nil
}

// All returns every node of type T in id order.
func All[T Node](ctx context.Context, r Reader) ([]T, error) {
	ids, err := r.IDs(ctx, kindOf[T]())
	if err != nil {
		return nil, err
	}
	ns, err := r.Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	return NodesOf[T](ns), nil
}

// NodesOf returns the nodes of type T among ns, in order, leaving out the
// rest (and nils).
func NodesOf[T Node](ns []Node) []T {
	out := make([]T, 0, len(ns))
	for _, n := range ns {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out
}

// Related returns the nodes of type T related to id by rel, in id order.
func Related[T Node](ctx context.Context, r Reader, rel Relation, id string) ([]T, error) {
	ids, err := r.Neighbors(ctx, rel, []string{id})
	if err != nil {
		return nil, err
	}
	return GetMany[T](ctx, r, ids[0])
}

func kindOf[T Node]() Kind {
	var zero T
	// Every Node is a pointer type whose methods do not dereference it.
	return zero.NodeKind()
}
