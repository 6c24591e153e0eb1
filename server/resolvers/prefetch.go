package resolvers

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pactwatch/pactwatch/graph"
)

// childFetch says how to find the children a field of a parent type selects:
// by a relation of the parent's id (Neighbors), or by ids the parent holds.
type childFetch struct {
	typ  string // GraphQL type of the children
	rel  graph.Relation
	refs func(parent any) []string
	// held returns the child the parent already holds, when it does (a
	// compliance record carries the engine's obligation and instrument);
	// refs is used for the others.
	held func(parent any) graph.Node
}

// byHeld is byRef for a parent that may hold its child already.
func byHeld[T any](typ string, held func(T) graph.Node, ids func(T) []string) childFetch {
	f := byRef(typ, ids)
	f.held = func(p any) graph.Node {
		if t, ok := p.(T); ok {
			return held(t)
		}
		return nil
	}
	return f
}

func byRel(typ string, rel graph.Relation) childFetch { return childFetch{typ: typ, rel: rel} }

func byRef[T any](typ string, ids func(T) []string) childFetch {
	return childFetch{typ: typ, refs: func(p any) []string {
		if t, ok := p.(T); ok {
			return ids(t)
		}
		return nil
	}}
}

func one(id string) []string {
	if id == "" {
		return nil
	}
	return []string{id}
}

// prefetchPlan maps a GraphQL type and field to how its field resolver finds
// its children. It mirrors the field resolvers, so that prefetch can load a
// whole level of the result in one store call.
var prefetchPlan = map[string]map[string]childFetch{
	"State": {
		"actions":  byRel("StateAction", graph.RelStateActions),
		"laws":     byRel("Law", graph.RelStateLaws),
		"evidence": byRel("Evidence", graph.RelStateEvidence),
		"reviews":  byRel("Review", graph.RelStateReviews),
	},
	"Instrument": {
		"provisions":  byRel("Provision", graph.RelInstrumentProvisions),
		"obligations": byRel("Obligation", graph.RelInstrumentObligations),
		"actions":     byRel("StateAction", graph.RelInstrumentActions),
	},
	"Provision": {
		"instrument":     byRef("Instrument", func(p *graph.Provision) []string { return one(p.InstrumentID) }),
		"obligations":    byRel("Obligation", graph.RelProvisionObligations),
		"correspondedBy": byRel("Provision", graph.RelProvisionCorrespondences),
	},
	"Obligation": {
		"instrument":      byRef("Instrument", func(o *graph.Obligation) []string { return one(o.InstrumentID) }),
		"provision":       byRef("Provision", func(o *graph.Obligation) []string { return one(o.ProvisionID) }),
		"implementations": byRel("Implementation", graph.RelObligationImplementations),
		"evidence":        byRel("Evidence", graph.RelObligationEvidence),
	},
	"StateAction": {
		"state":       byRef("State", func(a *graph.StateAction) []string { return one(a.StateCode) }),
		"instrument":  byRef("Instrument", func(a *graph.StateAction) []string { return one(a.InstrumentID) }),
		"domesticAct": byRef("Law", func(a *graph.StateAction) []string { return one(a.DomesticActID) }),
	},
	"Law": {
		"state":           byRef("State", func(l *graph.Law) []string { return one(l.StateCode) }),
		"repealedBy":      byRef("Law", func(l *graph.Law) []string { return one(l.RepealedByID) }),
		"amends":          byRef("Law", func(l *graph.Law) []string { return l.AmendsIDs }),
		"repeals":         byRel("Law", graph.RelLawRepeals),
		"amendedBy":       byRel("Law", graph.RelLawAmendments),
		"implementations": byRel("Implementation", graph.RelLawImplementations),
		"actions":         byRel("StateAction", graph.RelLawActions),
	},
	"Implementation": {
		"law":        byRef("Law", func(i *graph.Implementation) []string { return one(i.LawID) }),
		"obligation": byRef("Obligation", func(i *graph.Implementation) []string { return one(i.ObligationID) }),
	},
	"Evidence": {
		"state":       byRef("State", func(e *graph.Evidence) []string { return one(e.StateCode) }),
		"obligations": byRef("Obligation", func(e *graph.Evidence) []string { return e.ObligationIDs }),
	},
	"ComplianceRecord": {
		"state": byRef("State", func(c *graph.ComplianceRecord) []string { return one(c.StateCode) }),
		"obligation": byHeld("Obligation", func(c *graph.ComplianceRecord) graph.Node {
			if o := c.Obligation(); o != nil {
				return o
			}
			return nil
		},
			func(c *graph.ComplianceRecord) []string { return one(c.ObligationID) }),
		"instrument": byHeld("Instrument", func(c *graph.ComplianceRecord) graph.Node {
			if in := c.Instrument(); in != nil {
				return in
			}
			return nil
		},
			func(c *graph.ComplianceRecord) []string { return one(c.InstrumentID) }),
		"boundBy":         byRef("StateAction", func(c *graph.ComplianceRecord) []string { return one(c.BoundByID) }),
		"laws":            byRef("Law", func(c *graph.ComplianceRecord) []string { return c.LawIDs() }),
		"implementations": byRef("Implementation", func(c *graph.ComplianceRecord) []string { return c.ImplementationIDs() }),
		"evidence":        byRef("Evidence", func(c *graph.ComplianceRecord) []string { return c.EvidenceIDs() }),
		"reviews":         byRef("Review", func(c *graph.ComplianceRecord) []string { return c.ReviewIDs() }),
	},
	"RatificationRow": {
		"state":      byRef("State", func(r *graph.RatificationRow) []string { return one(r.StateCode) }),
		"instrument": byRef("Instrument", func(r *graph.RatificationRow) []string { return one(r.InstrumentID) }),
		"action":     byRef("StateAction", func(r *graph.RatificationRow) []string { return one(r.ActionID) }),
	},
	"StateSummary": {
		"state":      byRef("State", func(s *graph.StateSummary) []string { return one(s.StateCode) }),
		"instrument": byRef("Instrument", func(s *graph.StateSummary) []string { return one(s.InstrumentID) }),
	},
}

// prefetchList loads, level by level, every node the current field's
// selection will ask for under parents (values of GraphQL type typ), and
// primes the request's loaders with them. Each level and field costs one
// Neighbors and one Nodes call whatever the number of parents, and the field
// resolvers then find everything cached: no N+1 and no batching wait, however
// the goroutines of gqlgen happen to be scheduled.
func prefetchList[T any](ctx context.Context, typ string, parents []T) error {
	if len(parents) == 0 || !graphql.HasOperationContext(ctx) {
		return nil
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return nil
	}
	ps := make([]any, len(parents))
	for i, p := range parents {
		ps[i] = p
	}
	return loadersFrom(ctx).prefetch(ctx, typ, ps, fc.Field.Selections)
}

// prefetchConnection is prefetchList for the nodes of a Relay connection,
// which sit under edges { node }.
func prefetchConnection[T any](ctx context.Context, connType, edgeType, nodeType string, nodes []T) error {
	if len(nodes) == 0 || !graphql.HasOperationContext(ctx) {
		return nil
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return nil
	}
	op := graphql.GetOperationContext(ctx)
	ps := make([]any, len(nodes))
	for i, n := range nodes {
		ps[i] = n
	}
	l := loadersFrom(ctx)
	for _, edges := range graphql.CollectFields(op, fc.Field.Selections, []string{connType}) {
		if edges.Name != "edges" {
			continue
		}
		for _, node := range graphql.CollectFields(op, edges.Selections, []string{edgeType}) {
			if node.Name != "node" {
				continue
			}
			if err := l.prefetch(ctx, nodeType, ps, node.Selections); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loaders) prefetch(ctx context.Context, typ string, parents []any, sel ast.SelectionSet) error {
	plan, ok := prefetchPlan[typ]
	if !ok || len(sel) == 0 {
		return nil
	}
	op := graphql.GetOperationContext(ctx)
	for _, f := range graphql.CollectFields(op, sel, []string{typ}) {
		fetch, ok := plan[f.Name]
		if !ok {
			continue
		}
		var childIDs []string
		if fetch.rel != 0 {
			from := make([]string, 0, len(parents))
			for _, p := range parents {
				if n, ok := p.(graph.Node); ok {
					from = append(from, n.NodeID())
				}
			}
			from = l.unprimedNeighbors(fetch.rel, from)
			if len(from) > 0 {
				nbs, err := l.store.Neighbors(ctx, fetch.rel, from)
				if err != nil {
					return err
				}
				for i, id := range from {
					l.neighbors[fetch.rel].Prime(id, nbs[i])
				}
				l.markNeighbors(fetch.rel, from)
			}
			for _, p := range parents {
				if n, ok := p.(graph.Node); ok {
					ids, err := l.neighbors[fetch.rel].Load(ctx, n.NodeID())
					if err != nil {
						return err
					}
					childIDs = append(childIDs, ids...)
				}
			}
		} else {
			var held []graph.Node
			for _, p := range parents {
				if fetch.held != nil {
					if n := fetch.held(p); n != nil {
						held = append(held, n)
						continue
					}
				}
				childIDs = append(childIDs, fetch.refs(p)...)
			}
			if len(held) > 0 && len(childIDs) == 0 {
				// Every child is at hand, and the field returns it without
				// the loader: only the next level needs prefetching.
				if len(f.Selections) > 0 {
					if err := l.prefetch(ctx, fetch.typ, uniqueNodes(held), f.Selections); err != nil {
						return err
					}
				}
				continue
			}
			if len(held) > 0 {
				l.primeRoots(held) // at hand: no store read
				for _, n := range held {
					childIDs = append(childIDs, n.NodeID())
				}
			}
		}
		children, err := l.primeNodes(ctx, childIDs)
		if err != nil {
			return err
		}
		if len(f.Selections) > 0 && len(children) > 0 {
			if err := l.prefetch(ctx, fetch.typ, children, f.Selections); err != nil {
				return err
			}
		}
	}
	return nil
}

// primeNodes reads the nodes with ids that are not yet primed in one store
// call, primes the node loader with them, and returns every node of ids
// (primed before or now), without duplicates.
func (l *loaders) primeNodes(ctx context.Context, ids []string) ([]any, error) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	l.mu.Lock()
	var missing []string
	for _, id := range ids {
		if _, ok := l.primed[id]; !ok {
			missing = append(missing, id)
		}
	}
	l.mu.Unlock()
	if len(missing) > 0 {
		ns, err := l.store.Nodes(ctx, missing)
		if err != nil {
			return nil, err
		}
		l.mu.Lock()
		for i, id := range missing {
			l.nodes.Prime(id, ns[i])
			l.primed[id] = ns[i]
		}
		l.mu.Unlock()
	}
	out := make([]any, 0, len(ids))
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		if n := l.primed[id]; n != nil {
			out = append(out, n)
		}
	}
	return out, nil
}

// primeRoots records nodes a root resolver already holds, so that prefetch
// does not read them again (a law's state, for a list of states).
func (l *loaders) primeRoots(nodes []graph.Node) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, n := range nodes {
		if n != nil {
			l.nodes.Prime(n.NodeID(), n)
			l.primed[n.NodeID()] = n
		}
	}
}

func (l *loaders) unprimedNeighbors(rel graph.Relation, from []string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, id := range from {
		if !l.primedRel[relKey{rel, id}] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (l *loaders) markNeighbors(rel graph.Relation, from []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range from {
		l.primedRel[relKey{rel, id}] = true
	}
}

type relKey struct {
	rel graph.Relation
	id  string
}

// uniqueNodes returns nodes without repeats (by id), as prefetch parents.
func uniqueNodes(nodes []graph.Node) []any {
	seen := make(map[string]bool, len(nodes))
	out := make([]any, 0, len(nodes))
	for _, n := range nodes {
		if !seen[n.NodeID()] {
			seen[n.NodeID()] = true
			out = append(out, n)
		}
	}
	return out
}

// withPrefetch returns a function that passes a root resolver's list
// through, prefetching what its selection asks for under it.
func withPrefetch[T any](ctx context.Context, typ string) func([]T, error) ([]T, error) {
	return func(list []T, err error) ([]T, error) {
		if err != nil {
			return nil, err
		}
		return list, prefetchList(ctx, typ, list)
	}
}

// nodes returns list as graph.Nodes.
func nodes[T graph.Node](list []T) []graph.Node {
	out := make([]graph.Node, len(list))
	for i, n := range list {
		out[i] = n
	}
	return out
}
