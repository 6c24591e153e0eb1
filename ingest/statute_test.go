package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/graphtest"
	"github.com/pactwatch/pactwatch/ingest"
)

const statuteFile = "statutes/xta-law-1-2007.yaml"

// withStatute returns the good test corpus with a statute file of
// xta/law-1-2007 added.
func withStatute(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := goodFS(t)
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(statuteFile)))
	if err != nil {
		t.Fatal(err)
	}
	fsys[statuteFile] = &fstest.MapFile{Data: b}
	return fsys
}

// TestLoadStatute: a statute file loads its provisions under the law, in
// the file's order, each version with its own sources and the provision
// with the statute's; a link's "Art. 2" resolves to the held Article 2, and
// the version quoted is the one in force on the day asked.
func TestLoadStatute(t *testing.T) {
	ctx := context.Background()
	s := graphtest.MustOpenStore(t)
	mustLoad(t, s, withStatute(t))

	held, err := graph.Related[*graph.StatuteProvision](ctx, s, graph.RelLawStatuteProvisions, "xta/law-1-2007")
	if err != nil {
		t.Fatal(err)
	}
	graph.SortStatuteProvisions(held)
	if len(held) != 2 || held[0].ID != "xta/law-1-2007/art_2" || held[1].ID != "xta/law-1-2007/art_5/para_2/point_c" {
		t.Fatalf("got %d provisions %v, want art_2 then art_5/para_2/point_c", len(held), held)
	}
	art2 := held[0]
	if len(art2.Versions) != 2 || art2.Versions[1].MadeBy != "as amended by xta/law-2-2016" || art2.Versions[0].Sources[0].Citation != "Test translation, as enacted" {
		t.Errorf("got versions %+v, want the two of the file with their own sources", art2.Versions)
	}
	if rec := graph.RecordOf(art2); len(rec.Sources) != 1 || rec.Sources[0].Citation != "Test statute source" || rec.Origin != statuteFile {
		t.Errorf("got record %+v, want the statute's sources and origin %s", rec, statuteFile)
	}
	if got := held[1].StateCode(); got != "XTA" {
		t.Errorf("got state %q, want XTA", got)
	}

	link, err := graph.Get[*graph.Implementation](ctx, s, "xta/law-1-2007/implements/test-conv-2015/art_1/obl_1")
	if err != nil {
		t.Fatal(err)
	}
	ps, res, err := graph.LinkProvisions(ctx, s, link)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ID != art2.ID || len(res.Unresolved) != 1 || res.Unresolved[0].Article != "Art. 3" || res.Unresolved[0].Reason != graph.ReasonNotHeld {
		t.Errorf("got %v, unresolved %+v, want art_2 and Art. 3 not held", ps, res.Unresolved)
	}
	for _, tc := range []struct{ day, want string }{
		{"2010-01-01", "Whoever recruits a person for exploitation is punished."},
		{"2016-03-01", "Whoever recruits or receives a person for exploitation is punished."},
		{"2007-01-01", ""},
	} {
		q := graph.Quote(ps, graph.MustDate(tc.day))[0]
		got := ""
		if q.Version != nil {
			got = q.Version.Text
		}
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.day, got, tc.want)
		}
	}
}

// TestLoadLinkProvisions: a link's explicit provisions win over its
// articles, and must be provisions of the link's own law.
func TestLoadLinkProvisions(t *testing.T) {
	ctx := context.Background()
	const articles = `        articles: ["Art. 2", "Art. 3"]`
	t.Run("OK", func(t *testing.T) {
		s := graphtest.MustOpenStore(t)
		fsys := withStatute(t)
		src := string(fsys["states/xta.yaml"].Data)
		fsys["states/xta.yaml"].Data = []byte(strings.Replace(src, articles, articles+"\n        provisions: [xta/law-1-2007/art_5/para_2/point_c]", 1))
		mustLoad(t, s, fsys)
		link, err := graph.Get[*graph.Implementation](ctx, s, "xta/law-1-2007/implements/test-conv-2015/art_1/obl_1")
		if err != nil {
			t.Fatal(err)
		}
		ps, res, err := graph.LinkProvisions(ctx, s, link)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Explicit || len(ps) != 1 || ps[0].ID != "xta/law-1-2007/art_5/para_2/point_c" {
			t.Errorf("got %v (explicit %v), want the named point only", ps, res.Explicit)
		}
	})
	t.Run("ErrOtherLaw", func(t *testing.T) {
		fsys := withStatute(t)
		src := string(fsys["states/xta.yaml"].Data)
		i := strings.Index(src, "  - id: xta/law-2-2016")
		j := strings.Index(src[i:], "    implements:\n") + i + len("    implements:\n")
		src = src[:j] + "      - obligation: test-conv-2015/art_1/obl_1\n        id: xta/law-2-2016/implements/test\n        extent: PARTIAL\n        provisions: [xta/law-1-2007/art_2]\n        sources:\n          - citation: \"Test\"\n" + src[j:]
		fsys["states/xta.yaml"].Data = []byte(src)
		c, err := ingest.ParseFS(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		err = ingest.Check(ctx, nil, c)
		var ps ingest.Problems
		if !errors.As(err, &ps) || len(ps) != 1 || ps[0].File != "states/xta.yaml" || !strings.HasSuffix(ps[0].Field, "provisions[0]") || !strings.Contains(ps[0].Message, "not of xta/law-2-2016") {
			t.Errorf("got %v, want one problem at the link's provisions[0]", err)
		}
	})
}
