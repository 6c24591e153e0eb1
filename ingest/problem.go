package ingest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
)

// Problem is one error in the input, with its place: the file (relative to
// the loaded root, slash-separated), the 1-based line and column, and the
// field path such as "laws[3].enacted". Line and Col are 0 when unknown.
type Problem struct {
	File      string
	Line, Col int
	Field     string
	Message   string
	// Existing names the stored record to edit instead, when the problem
	// is that the input would add a second one (a second link between a
	// law and an obligation).
	Existing string
}

// String formats the problem as "file:line:col: field: message", leaving out
// the parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is every problem found in an input, sorted by file and line. It is
// the error that parsing, checking and loading return when there are any.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// As lets errors.As find a *graph.Error in Problems: an EINVALID error whose
// Details are the problems, so that graph.ErrorCode and the GraphQL error
// presenter treat bad fixtures as invalid input rather than an internal error.
func (ps Problems) As(target any) bool {
	t, ok := target.(**graph.Error)
	if !ok {
		return false
	}
	e := graph.Errorf(graph.EINVALID, "%d %s in the fixtures", len(ps), plural(len(ps), "problem", "problems"))
	for _, p := range ps {
		e.Details = append(e.Details, p.String())
	}
	*t = e
	return true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sorted returns the problems sorted by file, line, column, field and
// message, without exact duplicates.
func (ps Problems) sorted() Problems {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.Compact(out)
}

// err returns the sorted problems as an error, or nil when there are none.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps.sorted()
}
