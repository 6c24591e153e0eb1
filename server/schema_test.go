package server_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// loadSchemaFiles parses schema/*.graphqls as gqlgen does.
func loadSchemaFiles(t *testing.T) *ast.Schema {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "schema", "*.graphqls"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("got no schema files (%v), want schema/*.graphqls", err)
	}
	var sources []*ast.Source
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: filepath.Base(p), Input: string(b)})
	}
	s, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		t.Fatalf("parse schema files: %v", gerr)
	}
	return s
}

func formatSchema(s *ast.Schema) string {
	var buf bytes.Buffer
	formatter.NewFormatter(&buf).FormatSchema(s)
	return buf.String()
}

// TestSchemaMatchesFiles checks that the schema the server executes is the
// one in schema/: printed with gqlparser's formatter, and as the server
// describes itself by introspection over HTTP.
func TestSchemaMatchesFiles(t *testing.T) {
	files := loadSchemaFiles(t)
	t.Run("Formatter", func(t *testing.T) {
		served := generated.NewExecutableSchema(generated.Config{}).Schema()
		if got, want := formatSchema(served), formatSchema(files); got != want {
			t.Errorf("got executable schema\n%s\nwant schema/*.graphqls\n%s\n(run go generate ./server)", got, want)
		}
	})
	t.Run("Introspection", func(t *testing.T) {
		ts := servertest.NewHTTP(t, server.New(servertest.MustOpenFixtures(t), server.DefaultConfig()))
		const q = `{ __schema { types { name kind
  fields { name args { name type { ...T } defaultValue } type { ...T } }
  inputFields { name type { ...T } } enumValues { name } interfaces { name } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`
		type typeRef struct {
			Kind, Name string
			OfType     *typeRef
		}
		var data struct {
			Schema struct {
				Types []struct {
					Name, Kind string
					Fields     []struct {
						Name string
						Args []struct {
							Name         string
							Type         typeRef
							DefaultValue *string
						}
						Type typeRef
					}
					InputFields []struct {
						Name string
						Type typeRef
					}
					EnumValues []struct{ Name string }
					Interfaces []struct{ Name string }
				}
			} `json:"__schema"`
		}
		servertest.MustData(t, servertest.Post(t, ts, q, nil), &data)
		var name func(t typeRef) string
		name = func(t typeRef) string {
			switch t.Kind {
			case "NON_NULL":
				return name(*t.OfType) + "!"
			case "LIST":
				return "[" + name(*t.OfType) + "]"
			}
			return t.Name
		}
		var got []string
		for _, ty := range data.Schema.Types {
			if strings.HasPrefix(ty.Name, "__") || files.Types[ty.Name] != nil && files.Types[ty.Name].BuiltIn {
				continue
			}
			got = append(got, ty.Kind+" "+ty.Name)
			for _, i := range ty.Interfaces {
				got = append(got, ty.Name+" implements "+i.Name)
			}
			for _, f := range ty.Fields {
				var args []string
				for _, a := range f.Args {
					arg := a.Name + ": " + name(a.Type)
					if a.DefaultValue != nil {
						arg += " = " + *a.DefaultValue
					}
					args = append(args, arg)
				}
				got = append(got, ty.Name+"."+f.Name+"("+strings.Join(args, ", ")+"): "+name(f.Type))
			}
			for _, f := range ty.InputFields {
				got = append(got, ty.Name+"."+f.Name+"(): "+name(f.Type))
			}
			for _, v := range ty.EnumValues {
				got = append(got, ty.Name+"."+v.Name)
			}
		}
		var want []string
		for _, ty := range files.Types {
			if ty.BuiltIn {
				continue
			}
			want = append(want, string(ty.Kind)+" "+ty.Name)
			for _, i := range ty.Interfaces {
				want = append(want, ty.Name+" implements "+i)
			}
			for _, f := range ty.Fields {
				if strings.HasPrefix(f.Name, "__") {
					continue
				}
				var args []string
				for _, a := range f.Arguments {
					arg := a.Name + ": " + a.Type.String()
					if a.DefaultValue != nil {
						arg += " = " + a.DefaultValue.String()
					}
					args = append(args, arg)
				}
				want = append(want, ty.Name+"."+f.Name+"("+strings.Join(args, ", ")+"): "+f.Type.String())
			}
			for _, v := range ty.EnumValues {
				want = append(want, ty.Name+"."+v.Name)
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		for _, w := range want {
			if _, ok := slices.BinarySearch(got, w); !ok {
				t.Errorf("introspection lacks %q of schema/", w)
			}
		}
		for _, g := range got {
			if _, ok := slices.BinarySearch(want, g); !ok {
				t.Errorf("introspection has %q, not in schema/", g)
			}
		}
	})
}

// TestGeneratedIsCurrent runs gqlgen on a copy of the module and fails if it
// would change server/generated or the resolver files: the committed code
// must be what the committed schema and gqlgen.yml generate.
func TestGeneratedIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: runs go tool gqlgen generate (about 30 s)")
	}
	root := filepath.Join("..")
	tmp := t.TempDir()
	for _, p := range []string{"go.mod", "go.sum", "gqlgen.yml", "schema", "graph", "server", "ingest", "fixtures"} {
		copyTree(t, filepath.Join(root, p), filepath.Join(tmp, p))
	}
	cmd := exec.Command("go", "tool", "gqlgen", "generate")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go tool gqlgen generate: %v\n%s", err, out)
	}
	generatedFiles, err := filepath.Glob(filepath.Join(tmp, "server", "generated", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	resolvers, err := filepath.Glob(filepath.Join(tmp, "server", "resolvers", "*.resolvers.go"))
	if err != nil {
		t.Fatal(err)
	}
	if len(generatedFiles) == 0 || len(resolvers) == 0 {
		t.Fatalf("got %d generated and %d resolver files, want some of each: is gqlgen.yml's output where this test looks?", len(generatedFiles), len(resolvers))
	}
	for _, regenerated := range append(generatedFiles, resolvers...) {
		rel, _ := filepath.Rel(tmp, regenerated)
		want, err := os.ReadFile(regenerated)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Errorf("%s: got no file, want the one gqlgen generates (run go generate ./server)", rel)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: got a file that differs from what gqlgen generates now (run go generate ./server and commit)", rel)
		}
	}
}

// copyTree copies the Go sources, schema and configuration under src to dst,
// leaving out tests and test data, which gqlgen does not read.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
}
