package text_test

import (
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pactwatch/pactwatch/ingest/text"
)

// corpusIDs returns the provision ids a fixture file holds.
func corpusIDs(t *testing.T, path, root string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^\s*- id: "?(` + regexp.QuoteMeta(root) + `/[^"\s]+)"?\s*$`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		if !strings.Contains(m[1], "/obl_") {
			out = append(out, m[1])
		}
	}
	return out
}

func parseFile(t *testing.T, path, root string, s text.Scheme) *text.Document {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := text.Parse(b, text.Options{Scheme: s, Root: root})
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return d
}

func nodeIDs(d *text.Document) []string {
	var out []string
	var walk func([]*text.Node)
	walk = func(ns []*text.Node) {
		for _, n := range ns {
			if n.Kind != text.KindChapter && n.Kind != text.KindPreamble {
				out = append(out, n.ID)
			}
			walk(n.Children)
		}
	}
	walk(d.Parts)
	return out
}

func provisionIDs(d *text.Document) []string {
	var out []string
	for _, p := range d.Provisions() {
		out = append(out, p.ID)
	}
	return out
}

// The UN Protocol's English text gives the corpus's provisions: every
// recital, article and paragraph. The corpus holds Art. 17 whole, where
// the text numbers two paragraphs: that is the one difference.
func TestParseProtocol(t *testing.T) {
	const root = "untoc-tip-protocol-2000"
	d := parseFile(t, "testdata/untoc-tip-protocol-2000.md", root, text.Instrument)
	got := provisionIDs(d)
	want := corpusIDs(t, "../../fixtures/instruments/untoc-tip-protocol-2000.yaml", root)
	nodes := nodeIDs(d)
	for _, id := range want {
		if !slices.Contains(got, id) && !slices.Contains(nodes, id) {
			t.Errorf("corpus provision %s: not in the ingested text", id)
		}
	}
	var extra []string
	for _, id := range got {
		if !slices.Contains(want, id) {
			extra = append(extra, id)
		}
	}
	if wantExtra := []string{root + "/art_17/para_1", root + "/art_17/para_2"}; !slices.Equal(extra, wantExtra) {
		t.Errorf("ingested provisions the corpus does not hold: got %v, want %v", extra, wantExtra)
	}
}

// IDN Law 21/2007's text gives every provision the corpus holds; the
// corpus holds the points of only some ayat, so the text gives more.
func TestParseIDNLaw21(t *testing.T) {
	const root = "idn/law-21-2007"
	d := parseFile(t, "testdata/idn-law-21-2007.md", root, text.Statute)
	got := provisionIDs(d)
	want := corpusIDs(t, "../../fixtures/statutes/idn-law-21-2007.yaml", root)
	if len(want) == 0 {
		t.Fatal("no corpus ids read")
	}
	// The copy omits Pasal 36 ayat (1) (its Pasal 36 opens at ayat (2));
	// the corpus read it elsewhere.
	omitted := []string{root + "/art_36/para_1"}
	for _, id := range want {
		if !slices.Contains(got, id) && !slices.Contains(omitted, id) {
			t.Errorf("corpus provision %s: not in the ingested text", id)
		}
	}
	// Articles and ayat are all held: the text gives no other.
	for _, id := range got {
		if !strings.Contains(id, "/point_") && !slices.Contains(want, id) {
			t.Errorf("ingested %s: not in the corpus", id)
		}
	}
	for _, p := range d.Provisions() {
		if p.ID == root+"/art_1" && p.Heading != "BAB I KETENTUAN UMUM" {
			t.Errorf("art_1 heading: got %q, want %q", p.Heading, "BAB I KETENTUAN UMUM")
		}
	}
}

// The Thai Act's text (มาตรา N) gives the corpus's 57 sections.
func TestParseTHAAct(t *testing.T) {
	const root = "tha/act-2551-2008"
	d := parseFile(t, "testdata/tha-act-tip-2008.txt", root, text.Statute)
	var got []string
	for _, id := range provisionIDs(d) {
		if strings.Count(id, "/") == 2 {
			got = append(got, id)
		}
	}
	want := corpusIDs(t, "../../fixtures/statutes/tha-act-tip-2008.yaml", root)
	if !slices.Equal(got, want) {
		t.Errorf("sections: got %d %v, want %d %v", len(got), got, len(want), want)
	}
}

func TestParseStructure(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		src := "AKTA CONTOH\nBAHAGIAN I\nPERMULAAN\nSeksyen 5\n(1) Teks satu.\n(2) Teks dua:\na. huruf a;\nb. huruf b.\nSeksyen 5A\n(Dihapus)\nSeksyen 6\nTeks enam.\n"
		d, err := text.Parse([]byte(src), text.Options{Scheme: text.Statute, Root: "mys/act-x"})
		if err != nil {
			t.Fatal(err)
		}
		got := provisionIDs(d)
		want := []string{"mys/act-x/sec_5", "mys/act-x/sec_5/subsec_1", "mys/act-x/sec_5/subsec_2", "mys/act-x/sec_5/subsec_2/para_a",
			"mys/act-x/sec_5/subsec_2/para_b", "mys/act-x/sec_5A", "mys/act-x/sec_6"}
		if !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		for _, p := range d.Provisions() {
			if (p.ID == "mys/act-x/sec_5A") != p.Repealed {
				t.Errorf("%s: repealed %v", p.ID, p.Repealed)
			}
		}
	})
	t.Run("OKArtAbbrev", func(t *testing.T) {
		src := "Art. 1\n1. One.\n2. Two:\n(a) a;\n(b) b.\nArt. 2\nTwo.\n"
		d, err := text.Parse([]byte(src), text.Options{Scheme: text.Instrument, Root: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := provisionIDs(d), []string{"x/art_1/para_1", "x/art_1/para_2", "x/art_2"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	for _, c := range []struct {
		name, src string
		line      int
		msg       string
	}{
		{"ErrEmpty", " \n\n", 1, "empty"},
		{"ErrBinary", "Article 1\nab\x00cd", 2, "binary"},
		{"ErrNotUTF8", "Article 1\nOK\n\xff\xfe bad", 3, "UTF-8"},
		{"ErrNoStructure", "Just a letter.\nNo articles here.\n", 1, "no structure"},
		{"ErrDuplicate", "Pasal 1\nSatu.\nPasal 2\nDua.\nPasal 2\nDua lagi.\n", 5, "Pasal 2 repeats Pasal 2"},
		{"ErrBackwards", "Article 1\nOne.\nArticle 3\nThree.\nArticle 2\nTwo.\n", 5, "goes backwards"},
		{"ErrParaBackwards", "Pasal 1\n(1) Satu.\n(2) Dua.\n(2) Dua lagi.\n", 4, "repeats"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := text.Parse([]byte(c.src), text.Options{Scheme: text.Statute, Root: "x"})
			var e *text.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want a *text.Error", err)
			}
			if e.Line != c.line || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("got %q, want line %d and %q", err, c.line, c.msg)
			}
		})
	}
}
