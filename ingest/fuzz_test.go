package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pactwatch/pactwatch/ingest"
)

// seed adds every file under testdata with the extension ext to the fuzz
// corpus.
func seed(f *testing.F, ext string) {
	err := filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ext) {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
}

// parseAny parses data as the named file, checks it alone, and fails on
// anything but a clean result or Problems that each name the file.
func parseAny(t *testing.T, name string, data []byte) {
	c, err := ingest.ParseFS(fstest.MapFS{name: {Data: data}}, ".")
	if c == nil {
		t.Fatalf("got no corpus (error %v), want one even with problems", err)
	}
	err = ingest.Check(context.Background(), nil, c)
	if err == nil {
		return
	}
	var ps ingest.Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("got %T %v, want Problems", err, err)
	}
	for _, p := range ps {
		if p.File != name || p.Message == "" {
			t.Fatalf("got problem %#v, want one in %s with a message", p, name)
		}
	}
}

// FuzzParseYAML feeds arbitrary bytes to the YAML reader, which must never
// panic and must report bad input as placed Problems.
func FuzzParseYAML(f *testing.F) {
	seed(f, ".yaml")
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("state: &s {code: *s}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		parseAny(t, "states/fuzz.yaml", data)
	})
}

// FuzzParseCSV feeds arbitrary bytes to the CSV reader as an actions table
// and as an evidence table.
func FuzzParseCSV(f *testing.F) {
	seed(f, ".csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		parseAny(t, "actions.csv", data)
		parseAny(t, "evidence.csv", data)
	})
}
