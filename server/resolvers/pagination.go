package resolvers

import (
	"context"
	"encoding/base64"
	"sort"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/generated"
)

// Page sizes of the Relay connections.
const (
	defaultPageSize = 50
	maxPageSize     = 1000
)

// cursorPrefix marks a pactwatch cursor, so that a string from elsewhere is
// refused rather than silently read.
const cursorPrefix = "id:"

// encodeCursor returns the opaque cursor of the node with id. Cursors name
// the node, not a position, so a page boundary survives a reload that adds or
// removes other nodes.
func encodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + id))
}

func decodeCursor(cursor string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || !strings.HasPrefix(string(b), cursorPrefix) {
		return "", graph.Errorf(graph.EINVALID, "invalid cursor %q: use a cursor from a previous page", cursor)
	}
	return strings.TrimPrefix(string(b), cursorPrefix), nil
}

// window is the part of a sorted id list that one page covers.
type window struct {
	lo, hi int
	total  int
}

// paginate returns the window of ids (sorted in byte order) that starts after
// the node the cursor after names, and holds at most first ids.
func paginate(ids []string, first *int, after *string) (window, error) {
	n := defaultPageSize
	if first != nil {
		n = *first
	}
	if n < 0 || n > maxPageSize {
		return window{}, graph.Errorf(graph.EINVALID, "invalid first %d: want 0 to %d", n, maxPageSize)
	}
	lo := 0
	if after != nil && *after != "" {
		id, err := decodeCursor(*after)
		if err != nil {
			return window{}, err
		}
		// The first id past the cursor's, whether or not that node still exists.
		lo = sort.Search(len(ids), func(i int) bool { return ids[i] > id })
	}
	hi := min(lo+n, len(ids))
	return window{lo: lo, hi: hi, total: len(ids)}, nil
}

func (w window) pageInfo(ids []string) *generated.PageInfo {
	p := &generated.PageInfo{HasNextPage: w.hi < w.total, HasPreviousPage: w.lo > 0}
	if w.hi > w.lo {
		start, end := encodeCursor(ids[w.lo]), encodeCursor(ids[w.hi-1])
		p.StartCursor, p.EndCursor = &start, &end
	}
	return p
}

// pageOf loads the page of all (sorted ids) that first and after select,
// with the selection below the connection prefetched, and returns it with the
// connection's PageInfo and total count.
func pageOf[T graph.Node](ctx context.Context, all []string, first *int, after *string, connType, edgeType, nodeType string) ([]T, *generated.PageInfo, int, error) {
	w, err := paginate(all, first, after)
	if err != nil {
		return nil, nil, 0, err
	}
	page, err := loadMany[T](ctx, all[w.lo:w.hi])
	if err != nil {
		return nil, nil, 0, err
	}
	if err := prefetchConnection(ctx, connType, edgeType, nodeType, page); err != nil {
		return nil, nil, 0, err
	}
	return page, w.pageInfo(all), w.total, nil
}

// filterIDs returns the ids, in order, of the nodes of type T among all that
// keep accepts.
func filterIDs[T graph.Node](ctx context.Context, all []string, keep func(T) bool) ([]string, error) {
	ns, err := loadMany[T](ctx, all)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		if keep(n) {
			out = append(out, n.NodeID())
		}
	}
	return out, nil
}
