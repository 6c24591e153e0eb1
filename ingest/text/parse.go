// Package text splits the plain text or Markdown of a treaty or a statute
// into its structure (preamble, chapters, articles or sections, paragraphs,
// points) and gives each part an id in the corpus's scheme (fixtures/README.md):
// "untoc-tip-protocol-2000/art_5/para_2" for an instrument,
// "idn/law-21-2007/art_58/para_4/point_b" for a statute. It is pure: bytes
// in, a tree out; writing the tree as a fixture file is fixture.go's.
package text

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pactwatch/pactwatch/graph"
)

// Scheme is how a text's parts are numbered into ids.
type Scheme int

const (
	// Instrument numbers a treaty: preamble/recital_N, art_N, art_N/para_N;
	// its lettered points stay in their paragraph's text, as the corpus
	// holds them.
	Instrument Scheme = iota
	// Statute numbers a national law by the statute grammar: art_N (an
	// article or Pasal) with para_N (an ayat, "(1)") and point_x (a huruf
	// "a." or an angka "1."); sec_N (a section or มาตรา) with subsec_N ("(1)")
	// and para_x ("(a)"), as graph.StatutePartName names them.
	Statute
)

// Kind is what a part of a text is.
type Kind string

// Kinds of parts.
const (
	KindPreamble Kind = "preamble"
	KindRecital  Kind = "recital"
	KindChapter  Kind = "chapter"
	KindArticle  Kind = "article" // an article, Pasal, section or มาตรา
	KindPara     Kind = "para"
	KindPoint    Kind = "point"
)

// Node is one part of a text.
type Node struct {
	Kind Kind
	// ID is the part's id in the corpus's scheme; a chapter has none of
	// its own (the corpus's ids skip chapters) and keeps "chp_N" for the tree.
	ID string
	// Number is the part's number as written, in ASCII digits: "5", "51A", "b".
	Number  string
	Label   string // "Article 5", "Pasal 5A", "Section 6", "(2)", "(b)"
	Heading string // an article's own heading, or a statute provision's chapter
	Text    string // the part's own words, without its children's
	// Repealed is set when the part's text says it was repealed.
	Repealed bool
	Line     int // the line the part starts on, from 1
	Children []*Node
}

// Document is a parsed text.
type Document struct {
	Scheme Scheme
	Root   string // the instrument's or the law's id
	Title  string
	Parts  []*Node // the preamble and the chapters or articles, in order
}

// Error is a text refused, with the line that shows why.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Options say how to number a text.
type Options struct {
	Scheme Scheme
	Root   string // "untoc-tip-protocol-2000", "idn/law-21-2007"
}

// line is one logical line of the text, with the line it came from.
type line struct {
	n    int
	text string
	// heading is set for a Markdown heading ("#### Criminalization").
	heading bool
	// thaiSection is set for a Thai section heading: "มาตรา" alone on its
	// line, the number opening the next (a line that starts "มาตรา ๑๙" is
	// a cross-reference run onto a new line).
	thaiSection bool
}

var (
	// Headings of parts, once a line is cleaned of its Markdown.
	reChapter     = regexp.MustCompile(`^(?i:BAB|CHAPTER|BAHAGIAN|PART)\s+([IVXLC]+|\d+)\b\.?\s*(.*)$`)
	reThaiChapter = regexp.MustCompile(`^หมวด\s*([๐-๙0-9]+)\s*(.*)$`)
	reRoman       = regexp.MustCompile(`^([IVXLC]+)\.?$`)
	reArticle     = regexp.MustCompile(`^(Article|ARTICLE|Art\.|Artikel|Perkara)\s*(\d+[A-Z]?)\s*(?:[.:\-–—]\s*)?(.*)$`)
	rePasal       = regexp.MustCompile(`^(Pasal|PASAL)\s+(\d+[A-Z]?)\s*$`)
	reSection     = regexp.MustCompile(`^(Section|SECTION|Seksyen|SEKSYEN|Sec\.)\s*(\d+[A-Z]?|[๐-๙]+)\s*(?:\[[^\]]*\])?\s*(.*)$`)
	reThaiSection = regexp.MustCompile(`^(มาตรา) ([๐-๙]+)\s*(?:\[[^\]]*\])?\s*(.*)$`)
	reParaDot     = regexp.MustCompile(`^(\d+[A-Z]?)\.\s+(.*)$`)
	reParaParen   = regexp.MustCompile(`^\((\d+[A-Z]?)\)\s*(.*)$`)
	rePoint       = regexp.MustCompile(`^\(?([a-z]{1,2})\s?[).]\s+(.*)$`)
	rePreamble    = regexp.MustCompile(`^(?i:Preamble|Mukadimah|Menimbang)\b\s*:?\s*(.*)$`)
	reStop        = regexp.MustCompile(`^(?:IN WITNESS WHEREOF|(?i:DONE at)|PENJELASAN|Disahkan di|Agar setiap orang mengetahuinya|ผู้รับสนองพระบรมราชโองการ|หมายเหตุ)`)
	reRepealed    = regexp.MustCompile(`^[\[(]?(?i:repealed|dihapus|dimansuhkan|dipotong|ยกเลิก)\b[^.]*[\])]?\.?$`)

	// Splits of a line that holds more than one part (copies converted
	// from PDF run an ayat, a point or a chapter heading into the line before).
	reSplitChapter = regexp.MustCompile(` (BAB [IVXLC]+ )`)
	reSplitStop    = regexp.MustCompile(` (PENJELASAN ATAS |Disahkan di |IN WITNESS WHEREOF)`)
	reSplitPara    = regexp.MustCompile(`([.;:]) (\(\d+[A-Z]?\) \p{Lu})`)
	reSplitPoint   = regexp.MustCompile(`(;) ((?:(?:dan|atau|serta|dan/atau) )?[a-z] ?\. )`)
	reLeadConj     = regexp.MustCompile(`^(?:dan|atau|serta|dan/atau) ([a-z] ?\. )`)
	reFootnote     = regexp.MustCompile(`\[[๐-๙0-9]+\]`)
	reMarkup       = regexp.MustCompile(`<[^>]+>|\*\*|\x60\x60`)
	reSpaces       = regexp.MustCompile(`[ \t\x{00a0}]+`)
)

// Parse splits src into its parts. Bad input (empty, binary, not UTF-8,
// no structure, a number repeated or going backwards) is an *Error naming
// the line.
func Parse(src []byte, opts Options) (*Document, error) {
	lines, err := readLines(src)
	if err != nil {
		return nil, err
	}
	p := &parser{doc: &Document{Scheme: opts.Scheme, Root: opts.Root}}
	for _, l := range lines {
		if stop := p.line(l); stop {
			break
		}
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return p.doc, nil
}

// readLines checks src and returns its non-empty lines, cleaned of
// Markdown and split where one line holds several parts.
func readLines(src []byte) ([]line, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, &Error{Line: 1, Msg: "the file is empty"}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, &Error{Line: 1 + bytes.Count(src[:i], []byte("\n")), Msg: "the file is binary (a NUL byte), not text"}
	}
	if !utf8.Valid(src) {
		n := 1
		for i := 0; i < len(src); {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				return nil, &Error{Line: n, Msg: fmt.Sprintf("the text is not UTF-8 (byte 0x%02x); convert it to UTF-8 first", src[i])}
			}
			if r == '\n' {
				n++
			}
			i += size
		}
	}
	raw := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	var out []line
	for i := 0; i < len(raw); i++ {
		t := clean(raw[i])
		// A Thai heading "มาตรา" stands alone, its number on the next line.
		if t == "มาตรา" && i+1 < len(raw) {
			if next := clean(raw[i+1]); next != "" && isThaiDigit(firstRune(next)) {
				out = append(out, line{n: i + 1, text: "มาตรา " + next, thaiSection: true})
				i++
				continue
			}
		}
		if t == "" {
			continue
		}
		heading := strings.HasPrefix(strings.TrimSpace(raw[i]), "#")
		for _, part := range splitLine(t) {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, line{n: i + 1, text: part, heading: heading})
			}
		}
	}
	return out, nil
}

func clean(s string) string {
	s = reMarkup.ReplaceAllStringFunc(s, func(m string) string {
		if m == "``" {
			return `"`
		}
		return ""
	})
	s = strings.TrimLeft(strings.TrimSpace(s), "#>")
	s = strings.ReplaceAll(s, "_", "")
	s = reSpaces.ReplaceAllString(s, " ")
	return strings.TrimSpace(s)
}

func splitLine(s string) []string {
	s = reSplitChapter.ReplaceAllString(s, "\n$1")
	s = reSplitStop.ReplaceAllString(s, "\n$1")
	s = reSplitPara.ReplaceAllString(s, "$1\n$2")
	s = reSplitPoint.ReplaceAllString(s, "$1\n$2")
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = reLeadConj.ReplaceAllString(strings.TrimSpace(p), "$1")
	}
	return parts
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

func isThaiDigit(r rune) bool { return r >= '๐' && r <= '๙' }

// asciiDigits turns Thai digits into ASCII ones.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if isThaiDigit(r) {
			return '0' + (r - '๐')
		}
		return r
	}, s)
}

type parser struct {
	doc      *Document
	preamble *Node
	chapter  *Node
	article  *Node
	para     *Node
	point    *Node
	started  bool // an article or chapter has been seen
	title    []string
}

// cur is the deepest open part, where a line without a heading goes.
func (p *parser) cur() *Node {
	for _, n := range []*Node{p.point, p.para, p.article} {
		if n != nil {
			return n
		}
	}
	return nil
}

func appendText(n *Node, s string) {
	if n.Text == "" {
		n.Text = s
	} else {
		n.Text += " " + s
	}
}

// line reads one line; it returns true at the end of the operative text.
func (p *parser) line(l line) bool {
	t := l.text
	if reStop.MatchString(t) && (p.started || p.doc.Scheme == Statute && p.preamble != nil) {
		return true
	}
	if m := reChapter.FindStringSubmatch(t); m != nil {
		p.openChapter(l, m[1], strings.TrimSpace(t))
		return false
	}
	if m := reThaiChapter.FindStringSubmatch(t); m != nil {
		p.openChapter(l, asciiDigits(m[1]), t)
		return false
	}
	if m := reRoman.FindStringSubmatch(t); m != nil {
		p.openChapter(l, m[1], "Chapter "+m[1])
		return false
	}
	if m := rePasal.FindStringSubmatch(t); m != nil {
		p.openArticle(l, "art", m[2], m[1]+" "+m[2], "")
		return false
	}
	if m := reArticle.FindStringSubmatch(t); m != nil && (m[3] == "" || startsUpper(m[3])) {
		p.openArticle(l, "art", m[2], "Article "+m[2], m[3])
		return false
	}
	m := reSection.FindStringSubmatch(t)
	if l.thaiSection {
		m = reThaiSection.FindStringSubmatch(t)
	}
	if m != nil {
		num := asciiDigits(m[2])
		label := "Section " + num
		p.openArticle(l, "sec", num, label, "")
		if rest := reFootnote.ReplaceAllString(m[3], ""); strings.TrimSpace(rest) != "" {
			p.body(l, strings.TrimSpace(rest))
		}
		return false
	}
	if !p.started {
		p.front(l)
		return false
	}
	p.body(l, t)
	return false
}

// front reads a line before the first article: the title, the preamble.
func (p *parser) front(l line) {
	t := l.text
	if m := rePreamble.FindStringSubmatch(t); m != nil && p.preamble == nil {
		p.preamble = &Node{Kind: KindPreamble, ID: p.doc.Root + "/preamble", Label: "Preamble", Line: l.n}
		p.doc.Parts = append(p.doc.Parts, p.preamble)
		t = m[1]
		if t == "" {
			return
		}
	}
	if p.preamble == nil {
		if p.doc.Scheme == Instrument && startsRecital(t) {
			p.preamble = &Node{Kind: KindPreamble, ID: p.doc.Root + "/preamble", Label: "Preamble", Line: l.n}
			p.doc.Parts = append(p.doc.Parts, p.preamble)
		} else {
			p.title = append(p.title, t)
			return
		}
	}
	appendText(p.preamble, t)
}

// body reads a line inside an article.
func (p *parser) body(l line, t string) {
	if p.article == nil {
		if p.chapter != nil {
			p.chapter.Heading = strings.TrimSpace(p.chapter.Heading + " " + t)
		}
		return
	}
	if l.heading && p.article.Text == "" && len(p.article.Children) == 0 {
		p.article.Heading = strings.TrimSpace(p.article.Heading + " " + t)
		return
	}
	if m := reParaParen.FindStringSubmatch(t); m != nil {
		p.openPara(l, m[1], "("+m[1]+")", m[2])
		return
	}
	if m := reParaDot.FindStringSubmatch(t); m != nil {
		if p.doc.Scheme == Instrument {
			p.openPara(l, m[1], m[1]+".", m[2])
		} else {
			p.openPoint(l, m[1], m[1]+".", m[2])
		}
		return
	}
	if m := rePoint.FindStringSubmatch(t); m != nil && p.pointFits(m[1]) {
		p.openPoint(l, m[1], "("+m[1]+")", m[2])
		return
	}
	n := p.cur()
	appendText(n, t)
	if n == p.article && reRepealed.MatchString(strings.TrimSpace(n.Text)) {
		n.Repealed = true
	}
}

// pointFits reports whether letter x can be the next point where a point
// would open: "a" starts a list, any other letter continues one. It keeps
// a sentence that starts with "i." or a lone word from opening a point.
func (p *parser) pointFits(x string) bool {
	return x == "a" || p.point != nil
}

func startsUpper(s string) bool { return unicode.IsUpper(firstRune(s)) }

var recitalOpeners = []string{"Declaring", "Taking into account", "Concerned", "Recalling", "Convinced", "Noting", "Recognizing", "Recognising",
	"Considering", "Bearing in mind", "Reaffirming", "Acknowledging", "Mindful", "Desiring", "Determined", "Emphasizing", "Emphasising",
	"Welcoming", "Affirming", "Deeply concerned", "Aware", "Believing", "Guided", "Seeking", "Stressing", "Having regard", "Expressing"}

func startsRecital(s string) bool {
	for _, o := range recitalOpeners {
		if strings.HasPrefix(s, o+" ") {
			return true
		}
	}
	return false
}

func (p *parser) openChapter(l line, num, heading string) {
	p.started = true
	p.chapter = &Node{Kind: KindChapter, ID: p.doc.Root + "/chp_" + num, Number: num, Label: heading, Line: l.n}
	p.doc.Parts = append(p.doc.Parts, p.chapter)
	p.article, p.para, p.point = nil, nil, nil
}

func (p *parser) openArticle(l line, name, num, label, heading string) {
	p.started = true
	n := &Node{Kind: KindArticle, ID: p.doc.Root + "/" + name + "_" + num, Number: num, Label: label, Heading: heading, Line: l.n}
	if p.doc.Scheme == Statute && p.chapter != nil && heading == "" {
		n.Heading = strings.TrimSpace(p.chapter.Label + " " + p.chapter.Heading)
	}
	if p.chapter != nil {
		p.chapter.Children = append(p.chapter.Children, n)
	} else {
		p.doc.Parts = append(p.doc.Parts, n)
	}
	p.article, p.para, p.point = n, nil, nil
}

func (p *parser) openPara(l line, num, label, text string) {
	n := &Node{Kind: KindPara, ID: p.article.ID + "/" + graph.StatutePartName(unitOf(p.article.ID), 0, num, true) + "_" + num, Number: num, Label: label, Text: text, Line: l.n}
	p.article.Children = append(p.article.Children, n)
	p.para, p.point = n, nil
}

func (p *parser) openPoint(l line, num, label, text string) {
	parent, depth := p.article, 0
	if p.para != nil {
		parent, depth = p.para, 1
	}
	n := &Node{Kind: KindPoint, ID: parent.ID + "/" + graph.StatutePartName(unitOf(p.article.ID), depth, num, false) + "_" + num, Number: num, Label: label, Text: text, Line: l.n}
	parent.Children = append(parent.Children, n)
	p.point = n
}

// finish checks the tree: some structure, numbers that only go forward,
// and splits the preamble into its recitals.
func (p *parser) finish() error {
	p.doc.Title = strings.Join(p.title, " ")
	var articles int
	var err error
	walk(p.doc.Parts, func(n *Node) {
		if n.Kind == KindArticle {
			articles++
		}
	})
	if articles == 0 {
		return &Error{Line: 1, Msg: "no structure found: no article, Pasal, section or มาตรา heading (\"Article 5\", \"Art. 5\", \"Pasal 2\", \"Section 6\")"}
	}
	if err = checkOrder(p.doc.Parts, map[Kind]*Node{}); err != nil {
		return err
	}
	if p.preamble != nil {
		if p.doc.Scheme == Instrument {
			p.preamble.Children = recitals(p.preamble)
		}
	}
	return nil
}

func walk(ns []*Node, f func(*Node)) {
	for _, n := range ns {
		f(n)
		walk(n.Children, f)
	}
}

// checkOrder refuses a number repeated or going backwards among the
// articles of the whole text, and among the paragraphs or points of one
// parent. Gaps are allowed: a copy may omit a part (Pasal 52 of Law
// 21/2007 opens at ayat (2)).
func checkOrder(ns []*Node, last map[Kind]*Node) error {
	local := map[Kind]*Node{}
	for _, n := range ns {
		scope := local
		if n.Kind == KindArticle || n.Kind == KindChapter {
			scope = last
		}
		if prev := scope[n.Kind]; prev != nil && n.Kind != KindChapter {
			if c := compareNumbers(prev.Number, n.Number); c >= 0 {
				what := "repeats"
				if c > 0 {
					what = "goes backwards after"
				}
				return &Error{Line: n.Line, Msg: fmt.Sprintf("%s %s %s (line %d)", n.Label, what, prev.Label, prev.Line)}
			}
		}
		scope[n.Kind] = n
		if err := checkOrder(n.Children, last); err != nil {
			return err
		}
	}
	return nil
}

// compareNumbers orders "5" < "5A" < "6" and "a" < "b" < "aa".
func compareNumbers(a, b string) int {
	na, sa := splitNumber(a)
	nb, sb := splitNumber(b)
	if na != nb {
		if na < nb {
			return -1
		}
		return 1
	}
	if len(sa) != len(sb) {
		if len(sa) < len(sb) {
			return -1
		}
		return 1
	}
	return strings.Compare(sa, sb)
}

func splitNumber(s string) (int, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, _ := strconv.Atoi(s[:i])
	return n, s[i:]
}

var (
	rePreambleOpen  = regexp.MustCompile(`^(?:The )?(?:States? Part(?:y|ies)|Member States|Parties|High Contracting Parties|The Governments)[^,]*,\s*`)
	rePreambleClose = regexp.MustCompile(`\s*(?:Have agreed as follows|HAVE AGREED AS FOLLOWS)\s*:?\s*$`)
)

// recitals splits an instrument's preamble into its recitals: after its
// opening ("The States Parties to this Protocol,") and before its close
// ("Have agreed as follows:"), at each participle that opens a recital.
func recitals(pre *Node) []*Node {
	t := rePreambleOpen.ReplaceAllString(pre.Text, "")
	t = rePreambleClose.ReplaceAllString(t, "")
	alts := make([]string, len(recitalOpeners))
	for i, o := range recitalOpeners {
		alts[i] = regexp.QuoteMeta(o)
	}
	re := regexp.MustCompile(`(?:^|,\s+)(?:` + strings.Join(alts, "|") + `)\s`)
	idx := re.FindAllStringIndex(t, -1)
	var out []*Node
	for i, ix := range idx {
		start := ix[0]
		if start > 0 {
			start = strings.IndexFunc(t[start:], unicode.IsUpper) + start
		}
		end := len(t)
		if i+1 < len(idx) {
			end = idx[i+1][0] + 1 // keep the comma
		}
		text := strings.TrimSpace(t[start:end])
		out = append(out, &Node{Kind: KindRecital, ID: fmt.Sprintf("%s/recital_%d", pre.ID, i+1), Number: strconv.Itoa(i + 1),
			Label: "Preamble, " + graph.Ordinal(i+1) + " recital", Text: text, Line: pre.Line})
	}
	return out
}

// unitOf returns the unit of an article's or a section's id: "sec" for
// ".../sec_5A", else "art".
func unitOf(id string) string {
	if i := strings.LastIndexByte(id, '/'); strings.HasPrefix(id[i+1:], "sec_") {
		return "sec"
	}
	return "art"
}
