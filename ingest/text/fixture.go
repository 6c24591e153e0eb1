package text

import (
	"fmt"
	"io"
	"strings"

	"github.com/goccy/go-yaml"
)

// FixtureOptions are what a fixture file needs besides the text's parts:
// where the text was read, and for a statute the language, edition and
// day its text took effect.
type FixtureOptions struct {
	Citation string // the copy the text was read in (required by the corpus)
	URL      string
	// Instruments only: the instrument's kind (OTHER when empty) and the
	// day it was adopted (required).
	Kind    string
	Adopted string
	// Statutes only.
	Language string // BCP 47: id, ms, en, th
	Edition  string // OFFICIAL or UNOFFICIAL_TRANSLATION
	From     string // the day the text took effect: YYYY-MM-DD, YYYY-MM or YYYY
	MadeBy   string // "as enacted" when empty
}

type fixtureSource struct {
	Citation string `yaml:"citation"`
	URL      string `yaml:"url,omitempty"`
	Locator  string `yaml:"locator,omitempty"`
}

type instrumentHeader struct {
	ID      string          `yaml:"id"`
	Title   string          `yaml:"title"`
	Kind    string          `yaml:"kind"`
	Adopted string          `yaml:"adopted"`
	Sources []fixtureSource `yaml:"sources"`
}

type instrumentProvision struct {
	ID       string          `yaml:"id"`
	Label    string          `yaml:"label"`
	Heading  string          `yaml:"heading,omitempty"`
	Text     string          `yaml:"text"`
	TextKind string          `yaml:"textKind"`
	Note     string          `yaml:"note,omitempty"`
	Sources  []fixtureSource `yaml:"sources"`
}

type statuteHeader struct {
	Law     string          `yaml:"law"`
	Sources []fixtureSource `yaml:"sources"`
}

type statuteVersion struct {
	Text     string          `yaml:"text"`
	TextKind string          `yaml:"textKind"`
	MadeBy   string          `yaml:"madeBy"`
	From     string          `yaml:"from"`
	Language string          `yaml:"language"`
	Edition  string          `yaml:"edition"`
	Locator  string          `yaml:"locator,omitempty"`
	Sources  []fixtureSource `yaml:"sources"`
}

type statuteProvision struct {
	ID       string           `yaml:"id"`
	Label    string           `yaml:"label"`
	Heading  string           `yaml:"heading,omitempty"`
	Note     string           `yaml:"note,omitempty"`
	Versions []statuteVersion `yaml:"versions,omitempty"`
}

// WriteFixture writes d's provisions as a fixture file in the corpus's
// format (fixtures/README.md): an instrument's file, or a statute's
// (statutes/<law>.yaml). Every text is VERBATIM, since it is the copy's
// words; a repealed part says so in its note. The file is a draft for a
// curator: obligations, correspondences and the instrument's other fields
// are left for them.
// It returns the number of provisions written.
func WriteFixture(w io.Writer, d *Document, o FixtureOptions) (int, error) {
	if strings.TrimSpace(o.Citation) == "" {
		return 0, fmt.Errorf("text.WriteFixture: a source citation is required: every record carries one")
	}
	src := fixtureSource{Citation: o.Citation, URL: o.URL}
	var doc any
	var empty []string
	n := 0
	switch d.Scheme {
	case Instrument:
		if o.Adopted == "" {
			return 0, fmt.Errorf("text.WriteFixture: an instrument's file needs the day it was adopted")
		}
		if o.Kind == "" {
			o.Kind = "OTHER"
		}
		var ps []instrumentProvision
		for _, p := range d.Provisions() {
			s := src
			s.Locator = p.Label
			ip := instrumentProvision{ID: p.ID, Label: p.Label, Heading: p.Heading, Text: p.Text, TextKind: "VERBATIM", Sources: []fixtureSource{s}}
			if p.Repealed {
				ip.Note = "Marked repealed in the text read."
			}
			ps = append(ps, ip)
			n++
		}
		doc = struct {
			Instrument instrumentHeader      `yaml:"instrument"`
			Provisions []instrumentProvision `yaml:"provisions"`
		}{instrumentHeader{ID: d.Root, Title: d.Title, Kind: o.Kind, Adopted: o.Adopted, Sources: []fixtureSource{src}}, ps}
	case Statute:
		if o.Language == "" || o.From == "" {
			return 0, fmt.Errorf("text.WriteFixture: a statute's text needs its language and the day it took effect")
		}
		madeBy, edition := o.MadeBy, o.Edition
		if madeBy == "" {
			madeBy = "as enacted"
		}
		if edition == "" {
			edition = "OFFICIAL"
		}
		var ps []statuteProvision
		for _, p := range d.Provisions() {
			s := src
			s.Locator = p.Label
			sp := statuteProvision{ID: p.ID, Label: p.Label, Heading: p.Heading, Versions: []statuteVersion{{
				Text: p.Text, TextKind: "VERBATIM", MadeBy: madeBy, From: o.From, Language: o.Language, Edition: edition,
				Locator: fmt.Sprintf("line %d", p.Line), Sources: []fixtureSource{s}}}}
			if p.Repealed {
				sp.Note = "Marked repealed in the text read."
			}
			if strings.TrimSpace(p.Text) == "" {
				// A heading with no words under it in the copy read: a
				// provision holds at least one text, so it is left out
				// and said so at the top of the file.
				empty = append(empty, fmt.Sprintf("%s (line %d)", p.ID, p.Line))
				continue
			}
			ps = append(ps, sp)
			n++
		}
		doc = struct {
			Statute    statuteHeader      `yaml:"statute"`
			Provisions []statuteProvision `yaml:"provisions"`
		}{statuteHeader{Law: d.Root, Sources: []fixtureSource{src}}, ps}
	}
	b, err := yaml.MarshalWithOptions(doc, yaml.UseLiteralStyleIfMultiline(true))
	if err != nil {
		return 0, fmt.Errorf("text.WriteFixture: %w", err)
	}
	head := fmt.Sprintf("# %s: provisions split from the text by 'pactwatch ingest text' (%s); a draft to review.\n", d.Root, o.Citation)
	if len(empty) > 0 {
		head += "# Left out, with no words under their heading in the copy read: " + strings.Join(empty, ", ") + ".\n"
	}
	if _, err = w.Write(append([]byte(head), b...)); err != nil {
		return 0, err
	}
	return n, nil
}

// WriteTree writes d's parts as an indented tree, one part a line: its id,
// its label, its heading and the start of its words.
func WriteTree(w io.Writer, d *Document) error {
	var err error
	var walk func(ns []*Node, depth int)
	walk = func(ns []*Node, depth int) {
		for _, n := range ns {
			line := fmt.Sprintf("%s%-8s %s", strings.Repeat("  ", depth), n.Kind, n.ID)
			if n.Label != "" && n.Kind != KindRecital {
				line += "  [" + n.Label + "]"
			}
			if n.Heading != "" && n.Kind != KindChapter {
				line += "  " + n.Heading
			}
			if n.Repealed {
				line += "  (repealed)"
			}
			if t := []rune(n.Text); len(t) > 0 {
				if len(t) > 60 {
					t = append(t[:60], '…')
				}
				line += "  \"" + string(t) + "\""
			}
			if _, werr := fmt.Fprintln(w, line); werr != nil && err == nil {
				err = werr
			}
			walk(n.Children, depth+1)
		}
	}
	if d.Title != "" {
		fmt.Fprintf(w, "title    %s\n", d.Title)
	}
	walk(d.Parts, 0)
	return err
}
