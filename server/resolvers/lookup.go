package resolvers

import (
	"context"
	"slices"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/engine"
)

// requireState returns the stored code of the state code names, or a
// NOT_FOUND error that lists the valid codes.
func requireState(ctx context.Context, code string) (string, error) {
	code = engine.NormalizeCode(code)
	if code != "" {
		if _, err := load[*graph.State](ctx, code); err == nil {
			return code, nil
		} else if graph.ErrorCode(err) != graph.ENOTFOUND {
			return "", err
		}
	}
	codes, err := loadersFrom(ctx).IDs(ctx, graph.KindState)
	if err != nil {
		return "", err
	}
	return "", graph.Errorf(graph.ENOTFOUND, "state %q not found: valid codes are %s", code, strings.Join(codes, ", "))
}

// requireInstrument returns id if it names an instrument, or a NOT_FOUND
// error. An empty id (no filter) is returned as is.
func requireInstrument(ctx context.Context, id *string) (string, error) {
	if id == nil || *id == "" {
		return "", nil
	}
	if _, err := load[*graph.Instrument](ctx, *id); err == nil {
		return *id, nil
	} else if graph.ErrorCode(err) != graph.ENOTFOUND {
		return "", err
	}
	ids, err := loadersFrom(ctx).IDs(ctx, graph.KindInstrument)
	if err != nil {
		return "", err
	}
	return "", graph.Errorf(graph.ENOTFOUND, "instrument %q not found: valid ids are %s", *id, strings.Join(ids, ", "))
}

func dateOr(d *graph.Date) graph.Date {
	if d == nil {
		return graph.Date{}
	}
	return *d
}

func basisOr(b *graph.Basis) graph.Basis {
	if b == nil {
		return graph.BasisLaw
	}
	return *b
}

// sortedIDs returns ids in byte order, copying only when they are not.
func sortedIDs(ids []string) []string {
	if slices.IsSorted(ids) {
		return ids
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	return ids
}

// sharesTheme reports whether a and b share a theme.
func sharesTheme(a, b []graph.Theme) bool {
	for _, t := range a {
		if slices.Contains(b, t) {
			return true
		}
	}
	return false
}

func containsString(list []string, s string) bool { return slices.Contains(list, s) }

// deref returns *s, or "" for nil (no filter).
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
