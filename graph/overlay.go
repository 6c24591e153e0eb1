package graph

import (
	"context"
	"slices"
)

// Overlay is a Reader that shows a Reader as it would be once a batch of
// nodes is put and a set of ids removed, without writing anything: what a
// dry run needs to answer "what would this load change". Put replaces a
// node of the same id, with its edges.
type Overlay struct {
	base    Reader
	put     map[string]Node
	removed map[string]bool
	// edges holds the put nodes' references, by relation and target.
	edges map[Relation]map[string][]string
	kinds map[Kind][]string
}

var _ Reader = (*Overlay)(nil)

// NewOverlay returns base with put written and removed deleted.
func NewOverlay(base Reader, put []Node, removed []string) *Overlay {
	o := &Overlay{base: base, put: map[string]Node{}, removed: map[string]bool{}, edges: map[Relation]map[string][]string{}, kinds: map[Kind][]string{}}
	for _, id := range removed {
		o.removed[id] = true
	}
	for _, n := range put {
		o.put[n.NodeID()] = n
		o.kinds[n.NodeKind()] = append(o.kinds[n.NodeKind()], n.NodeID())
		for _, r := range RefsOf(n) {
			if o.edges[r.Rel] == nil {
				o.edges[r.Rel] = map[string][]string{}
			}
			o.edges[r.Rel][r.To] = append(o.edges[r.Rel][r.To], n.NodeID())
		}
	}
	return o
}

// WithBase returns a copy of the overlay over another base, sharing its
// put and removed nodes: a Reader that rebuilds the same overlay on a fresh
// snapshot of the store for every call need not rebuild its maps.
func (o *Overlay) WithBase(base Reader) *Overlay {
	c := *o
	c.base = base
	return &c
}

// shadowed reports whether the base's node of this id is hidden: removed,
// or replaced by a put node.
func (o *Overlay) shadowed(id string) bool {
	_, put := o.put[id]
	return put || o.removed[id]
}

// Nodes returns the nodes with the given ids, the put ones over the base's.
func (o *Overlay) Nodes(ctx context.Context, ids []string) ([]Node, error) {
	out := make([]Node, len(ids))
	var need []string
	var at []int
	for i, id := range ids {
		switch n, ok := o.put[id]; {
		case ok:
			out[i] = n
		case o.removed[id]:
		default:
			need = append(need, id)
			at = append(at, i)
		}
	}
	if len(need) > 0 && o.base != nil {
		got, err := o.base.Nodes(ctx, need)
		if err != nil {
			return nil, err
		}
		for k, n := range got {
			out[at[k]] = n
		}
	}
	return out, nil
}

// IDs returns every id of kind k, in byte order.
func (o *Overlay) IDs(ctx context.Context, k Kind) ([]string, error) {
	if o.base == nil {
		return sortedUnique(o.kinds[k]), nil
	}
	ids, err := o.base.IDs(ctx, k)
	if err != nil {
		return nil, err
	}
	ids = slices.DeleteFunc(slices.Clone(ids), o.shadowed)
	return sortedUnique(append(ids, o.kinds[k]...)), nil
}

// Neighbors returns, for each id of from, the nodes related to it by rel.
func (o *Overlay) Neighbors(ctx context.Context, rel Relation, from []string) ([][]string, error) {
	out := make([][]string, len(from))
	if o.base != nil {
		got, err := o.base.Neighbors(ctx, rel, from)
		if err != nil {
			return nil, err
		}
		for i, ids := range got {
			out[i] = slices.DeleteFunc(slices.Clone(ids), o.shadowed)
		}
	}
	for i, id := range from {
		out[i] = sortedUnique(append(out[i], o.edges[rel][id]...))
	}
	return out, nil
}

func sortedUnique(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}
