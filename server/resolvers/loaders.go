package resolvers

import (
	"context"
	"reflect"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/engine"
)

// loaderWait is how long a loader collects keys before it fetches them: long
// enough for gqlgen's concurrent field resolvers to join one batch, short
// enough to add little latency per level of nesting.
const loaderWait = 2 * time.Millisecond

// loaders batches and caches every read a request makes: nodes by id and
// neighbors by relation. One set is made per request by the HTTP middleware,
// never inside a resolver, so a cache never outlives a request.
type loaders struct {
	store     graph.Reader
	nodes     *dataloadgen.Loader[string, graph.Node]
	neighbors map[graph.Relation]*dataloadgen.Loader[string, []string]
	// versions is nil for a store that keeps no versions.
	versions *dataloadgen.Loader[string, nodeVersion]

	mu  sync.Mutex
	ids map[graph.Kind][]string
	// primed and primedRel record what prefetch has put in the loaders.
	primed    map[string]graph.Node
	primedRel map[relKey]bool

	// engine is the server's one compliance engine, shared by every request,
	// for nested fields (Obligation.status, State.records): its caches are
	// kept per store version, so they outlive the request.
	engine engine.Compliance
}

// relations are the relations a request's loaders batch: every one the
// prefetch plan walks (prefetch.go), so that the two cannot disagree.
var relations = func() []graph.Relation {
	seen := map[graph.Relation]bool{}
	var out []graph.Relation
	for _, fields := range prefetchPlan {
		for _, f := range fields {
			if f.rel != 0 && !seen[f.rel] {
				seen[f.rel] = true
				out = append(out, f.rel)
			}
		}
	}
	return out
}()

func newLoaders(r graph.Reader, e engine.Compliance) *loaders {
	l := &loaders{
		store:     r,
		engine:    e,
		neighbors: make(map[graph.Relation]*dataloadgen.Loader[string, []string], len(relations)),
		ids:       make(map[graph.Kind][]string),
		primed:    make(map[string]graph.Node),
		primedRel: make(map[relKey]bool),
	}
	l.nodes = dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]graph.Node, []error) {
		if err := ctx.Err(); err != nil {
			return nil, []error{err}
		}
		ns, err := r.Nodes(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		return ns, nil
	}, dataloadgen.WithWait(loaderWait))
	if v, ok := r.(graph.Versioned); ok {
		l.versions = dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]nodeVersion, []error) {
			ns, vs, err := v.NodeVersions(ctx, ids)
			if err != nil {
				return nil, []error{err}
			}
			out := make([]nodeVersion, len(vs))
			for i, x := range vs {
				out[i] = nodeVersion{ns[i], x.Seq}
			}
			return out, nil
		}, dataloadgen.WithWait(loaderWait))
	}
	for _, rel := range relations {
		l.neighbors[rel] = dataloadgen.NewLoader(func(ctx context.Context, from []string) ([][]string, []error) {
			if err := ctx.Err(); err != nil {
				return nil, []error{err}
			}
			ids, err := r.Neighbors(ctx, rel, from)
			if err != nil {
				return nil, []error{err}
			}
			return ids, nil
		}, dataloadgen.WithWait(loaderWait))
	}
	return l
}

// Nodes implements graph.Reader through the node loader.
func (l *loaders) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	if len(ids) == 0 {
		return []graph.Node{}, nil
	}
	ns, err := l.nodes.LoadAll(ctx, ids)
	if err != nil {
		return nil, firstError(err)
	}
	return ns, nil
}

// IDs implements graph.Reader, reading each kind's ids once per request.
func (l *loaders) IDs(ctx context.Context, k graph.Kind) ([]string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ids, ok := l.ids[k]; ok {
		return ids, nil
	}
	ids, err := l.store.IDs(ctx, k)
	if err != nil {
		return nil, err
	}
	l.ids[k] = ids
	return ids, nil
}

// Neighbors implements graph.Reader through the relation's loader.
func (l *loaders) Neighbors(ctx context.Context, rel graph.Relation, from []string) ([][]string, error) {
	ld, ok := l.neighbors[rel]
	if !ok {
		return l.store.Neighbors(ctx, rel, from)
	}
	if len(from) == 0 {
		return [][]string{}, nil
	}
	out, err := ld.LoadAll(ctx, from)
	if err != nil {
		return nil, firstError(err)
	}
	return out, nil
}

// firstError unwraps a loader's per-key errors to the first one, so that an
// application error keeps its code.
func firstError(err error) error {
	if es, ok := err.(dataloadgen.ErrorSlice); ok {
		for _, e := range es {
			if e != nil {
				return e
			}
		}
	}
	return err
}

type loadersKey struct{}

// WithLoaders returns ctx carrying a new set of loaders over r, for one
// request: the HTTP middleware calls it for each, never a resolver.
func WithLoaders(ctx context.Context, r graph.Reader, e engine.Compliance) context.Context {
	return withLoaders(ctx, newLoaders(r, e))
}

func withLoaders(ctx context.Context, l *loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

// loadersFrom returns the request's loaders. A context without them (a
// resolver called outside the middleware) is a bug.
func loadersFrom(ctx context.Context) *loaders {
	l, ok := ctx.Value(loadersKey{}).(*loaders)
	if !ok {
		panic("server: no loaders in context; requests must pass through Server.ServeHTTP")
	}
	return l
}

// load returns the node of type T with id through the request's loaders. An
// empty id gives the zero T and no error; a missing node is ENOTFOUND.
func load[T graph.Node](ctx context.Context, id string) (T, error) {
	var zero T
	if id == "" {
		return zero, nil
	}
	n, err := loadersFrom(ctx).nodes.Load(ctx, id)
	if err != nil {
		return zero, err
	}
	t, ok := n.(T)
	if !ok {
		return zero, graph.Errorf(graph.ENOTFOUND, "%s %q not found", zero.NodeKind(), id)
	}
	return t, nil
}

// loadMany returns the nodes of type T with the given ids, in order, leaving
// out ids that name no node of that type.
func loadMany[T graph.Node](ctx context.Context, ids []string) ([]T, error) {
	ns, err := loadersFrom(ctx).Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	return graph.NodesOf[T](ns), nil
}

// related returns the nodes of type T related to id by rel, in id order.
func related[T graph.Node](ctx context.Context, rel graph.Relation, id string) ([]T, error) {
	ids, err := loadersFrom(ctx).Neighbors(ctx, rel, []string{id})
	if err != nil {
		return nil, err
	}
	return loadMany[T](ctx, ids[0])
}

// nodeVersion is a node and its version, read together.
type nodeVersion struct {
	node graph.Node
	seq  uint64
}

// recordVersion is the version field of every record type: the version of
// the record as the request read it (obj), a decimal string. The record
// and its version are read again together, and the version is given only
// if the record is still what the request read: a version newer than the
// fields beside it would let a client write over a change it never saw.
// It is nil for a record changed since the request read it (read it
// again), or a store that keeps no versions.
func recordVersion(ctx context.Context, obj graph.Node) (*string, error) {
	l := loadersFrom(ctx)
	if l.versions == nil {
		return nil, nil
	}
	v, err := l.versions.Load(ctx, obj.NodeID())
	if err != nil || v.seq == 0 || !reflect.DeepEqual(v.node, obj) {
		return nil, err
	}
	s := formatVersion(v.seq)
	return &s, nil
}
