package ingest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

// An id a file now gives to a record of another kind than the one stored
// under it cannot be loaded (the store never changes a node's kind); the
// problem must name the place in the file, not surface as a store error.
func TestLoadErrKindChanged(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, from, to string
	}{
		{"EvidenceTakesLawID", "id: xta/ev/cases-2013-2017", "id: xta/law-2-2016"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := graphtest.MustOpenStore(t)
			fsys := goodFS(t)
			mustLoad(t, s, fsys)
			before := snapshot(t, s)
			src := string(fsys["states/xta.yaml"].Data)
			start, end := strings.Index(src, "  - id: xta/law-2-2016"), strings.Index(src, "  - id: xta/law-3-2015")
			src = src[:start] + src[end:]
			if !strings.Contains(src, tc.from) {
				t.Fatalf("test file lacks %q", tc.from)
			}
			src = strings.Replace(src, tc.from, tc.to, 1)
			c, err := ingest.ParseFS(fstest.MapFS{"states/xta.yaml": {Data: []byte(src)}}, ".")
			if err != nil {
				t.Fatal(err)
			}
			_, err = ingest.Load(ctx, s, c)
			var ps ingest.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("got %v, want Problems", err)
			}
			if len(ps) != 1 || ps[0].File != "states/xta.yaml" || ps[0].Line == 0 || !strings.Contains(ps[0].Message, "law") {
				t.Errorf("got %q, want one problem at the id in states/xta.yaml naming the stored law", ps)
			}
			if after := snapshot(t, s); !equalNodes(after, before) {
				t.Errorf("got the store changed by a failed load, want it unchanged")
			}
		})
	}
}
