package text

import "strings"

// Provision is one part of a text as the corpus holds it: a provision of
// an instrument, or of a statute.
type Provision struct {
	ID       string
	Label    string
	Heading  string
	Text     string // the part's words with its children's, as written
	Repealed bool
	Line     int
}

// Provisions returns the parts the corpus holds as provisions, in the
// text's order. An instrument's are its recitals, its articles without
// paragraphs and its paragraphs, each with its points' words; a statute's
// are its articles or sections, their paragraphs and their points, each
// holding the words of the parts inside it.
func (d *Document) Provisions() []Provision {
	var out []Provision
	var visit func(n *Node, article *Node)
	visit = func(n *Node, article *Node) {
		switch n.Kind {
		case KindPreamble, KindChapter:
			for _, c := range n.Children {
				visit(c, nil)
			}
			return
		case KindRecital:
			out = append(out, Provision{ID: n.ID, Label: n.Label, Text: n.Text, Line: n.Line})
			return
		case KindArticle:
			article = n
		}
		if d.Scheme == Instrument {
			if n.Kind == KindPoint {
				return
			}
			if n.Kind == KindArticle && hasKind(n.Children, KindPara) {
				for _, c := range n.Children {
					visit(c, article)
				}
				return
			}
		}
		out = append(out, Provision{ID: n.ID, Label: d.label(n, article), Heading: article.Heading,
			Text: fullText(n), Repealed: n.Repealed || article.Repealed, Line: n.Line})
		for _, c := range n.Children {
			visit(c, article)
		}
	}
	for _, n := range d.Parts {
		visit(n, nil)
	}
	return out
}

// label is how the corpus labels a part: "Article 14(1)", "Pasal 58(4)(b)",
// "Pasal 1 angka 7", "Section 6".
func (d *Document) label(n, article *Node) string {
	if n == article {
		return n.Label
	}
	parts := strings.Split(strings.TrimPrefix(n.ID, article.ID+"/"), "/")
	out := article.Label
	for _, p := range parts {
		name, num, _ := strings.Cut(p, "_")
		if name == "point" && num[0] >= '0' && num[0] <= '9' {
			out += " angka " + num
			continue
		}
		out += "(" + num + ")"
	}
	return out
}

func hasKind(ns []*Node, k Kind) bool {
	for _, n := range ns {
		if n.Kind == k {
			return true
		}
	}
	return false
}

// fullText is a part's words followed by its children's.
func fullText(n *Node) string {
	parts := []string{}
	if n.Text != "" {
		parts = append(parts, n.Text)
	}
	for _, c := range n.Children {
		t := fullText(c)
		if c.Kind == KindPara || c.Kind == KindPoint {
			t = c.Label + " " + t
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}
