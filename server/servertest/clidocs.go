package servertest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// CLIQuery returns the GraphQL document the command line sends under the
// constant name in cmd/pactwatch/file (gapsQuery in gaps.go), read from
// its source, so that a server test asks exactly what the CLI asks.
func CLIQuery(tb testing.TB, file, name string) string {
	tb.Helper()
	_, self, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(self), "..", "..", "cmd", "pactwatch", file)
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		tb.Fatal(err)
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			for i, n := range v.Names {
				if n.Name != name || i >= len(v.Values) {
					continue
				}
				lit, ok := v.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					tb.Fatalf("%s: %s is not a string literal", path, name)
				}
				q, err := strconv.Unquote(lit.Value)
				if err != nil {
					tb.Fatal(err)
				}
				return q
			}
		}
	}
	tb.Fatalf("%s: no constant %s", path, name)
	return ""
}
