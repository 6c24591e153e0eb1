package graph

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The rule of which statute provisions an implementation link rests on. A
// link that names its provisions (ProvisionIDs) rests on those. Otherwise
// each of its articles is read as a reference: "Pasal 2", "Art. 2",
// "Article 2", "Section 6", "s. 6", "ss. 6-7", with parts in brackets
// ("Pasal 58(4)(b)", "s. 7(2)(a)", "Pasal 58(2)-(4)") and Indonesian
// "angka" numbers ("Pasal 1 angka 7"). "Pasal" and "Article" name an art_N,
// "Section" and "s." a sec_N; the parts in brackets are named by
// StatutePartName (para_N and point_x below an article, subsec_N, para_x
// and subpara_x below a section); "angka N" a point_N. A reference resolves to the held
// provision with that id, else to the nearest held provision that contains
// it (the whole Pasal holds the words of its ayat), else to the held
// provisions inside it (every held ayat of a Pasal cited whole).

// ArticleResolution is what a link's articles resolve to.
type ArticleResolution struct {
	// ProvisionIDs are the provisions the link rests on, in the order its
	// articles name them, each once.
	ProvisionIDs []string
	// Explicit is true when the link names its provisions itself.
	Explicit bool
	// Unresolved lists each article, or part of a range, that resolves to
	// no held provision, and why.
	Unresolved []UnresolvedArticle
}

// Resolved reports whether the link rests on held provisions and every
// article it cites resolved.
func (r ArticleResolution) Resolved() bool {
	return len(r.ProvisionIDs) > 0 && len(r.Unresolved) == 0
}

// UnresolvedArticle is an article of a link no held provision answers.
type UnresolvedArticle struct {
	Article string
	Reason  string
}

// Reasons an article does not resolve.
const (
	ReasonNoArticles   = "the link names no articles"
	ReasonNoStatute    = "no provision of the law is held"
	ReasonNotHeld      = "not held"
	ReasonNotReference = "not a reference the rule reads"
)

// ResolveArticles returns the provisions link rests on among held, the
// statute provisions of its law.
func ResolveArticles(link *Implementation, held []*StatuteProvision) ArticleResolution {
	if len(link.ProvisionIDs) > 0 {
		return ArticleResolution{ProvisionIDs: slices.Clone(link.ProvisionIDs), Explicit: true}
	}
	var r ArticleResolution
	if len(link.Articles) == 0 {
		r.Unresolved = append(r.Unresolved, UnresolvedArticle{Reason: ReasonNoArticles})
		return r
	}
	ids := make(map[string]bool, len(held))
	for _, p := range held {
		ids[p.ID] = true
	}
	add := func(id string) {
		if !slices.Contains(r.ProvisionIDs, id) {
			r.ProvisionIDs = append(r.ProvisionIDs, id)
		}
	}
	for _, a := range link.Articles {
		refs, ok := ParseArticle(a)
		if !ok {
			r.Unresolved = append(r.Unresolved, UnresolvedArticle{Article: a, Reason: ReasonNotReference})
			continue
		}
		for _, ref := range refs {
			found := resolveRef(link.LawID+"/"+ref.Path, ids, held)
			if len(found) == 0 {
				reason := ReasonNotHeld
				if len(held) == 0 {
					reason = ReasonNoStatute
				}
				r.Unresolved = append(r.Unresolved, UnresolvedArticle{Article: ref.Label, Reason: reason})
			}
			for _, id := range found {
				add(id)
			}
		}
	}
	return r
}

// resolveRef returns the held provisions a reference's id names: itself,
// the nearest held provision containing it, or the held ones inside it.
func resolveRef(id string, ids map[string]bool, held []*StatuteProvision) []string {
	for p := id; ; {
		if ids[p] {
			return []string{p}
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 || !strings.Contains(p[i+1:], "_") {
			break
		}
		p = p[:i]
	}
	var inside []string
	for _, p := range held {
		if Covers(id, p.ID) {
			inside = append(inside, p.ID)
		}
	}
	return inside
}

// ArticleRef is one provision an article names: its id below the law's and
// a label for reports.
type ArticleRef struct {
	Path  string // "art_58/para_4/point_b"
	Label string // "Pasal 58(4)(b)"
}

var articleRE = regexp.MustCompile(`^(?i:(pasal|articles?|arts?\.?|sections?|secs?\.?|ss?\.))\s*(\d+[A-Z]?)((?:\s*\([0-9a-z]+\))*)(?:\s*-\s*(\d+[A-Z]?|(?:\([0-9a-z]+\))+))?(?:\s+angka\s+(\d+))?$`)

var bracketRE = regexp.MustCompile(`\(([0-9a-z]+)\)`)

// ParseArticle reads an article reference into the provisions it names; a
// range names each number in it. ok is false for a text the rule does not
// read ("Pasal 1 angka 1 and 7", "Part III").
func ParseArticle(s string) (refs []ArticleRef, ok bool) {
	m := articleRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return nil, false
	}
	unit := "sec"
	switch w := strings.ToLower(m[1]); {
	case w == "pasal", strings.HasPrefix(w, "art"):
		unit = "art"
	}
	label := strings.TrimSpace(m[1])
	switch strings.ToLower(label) {
	case "ss.", "sections":
		label = "s." // one section of a range
	case "articles", "arts.", "arts":
		label = "Art."
	}
	parts := bracketRE.FindAllStringSubmatch(m[3], -1)
	path := func(num string, parts [][]string) string {
		p := unit + "_" + num
		for i, part := range parts {
			p += "/" + StatutePartName(unit, i, part[1], true) + "_" + part[1]
		}
		return p
	}
	switch to := m[4]; {
	case to == "":
		p := path(m[2], parts)
		if m[5] != "" {
			p += "/point_" + m[5]
		}
		return []ArticleRef{{Path: p, Label: strings.TrimSpace(s)}}, true
	case m[5] != "":
		return nil, false
	case strings.HasPrefix(to, "("):
		// "Pasal 58(2)-(4)": a range of the last bracketed part.
		toParts := bracketRE.FindAllStringSubmatch(to, -1)
		if len(parts) == 0 || len(toParts) != 1 {
			return nil, false
		}
		from, err1 := strconv.Atoi(parts[len(parts)-1][1])
		last, err2 := strconv.Atoi(toParts[0][1])
		if err1 != nil || err2 != nil || last < from || last-from > 50 {
			return nil, false
		}
		for n := from; n <= last; n++ {
			ps := append(slices.Clone(parts[:len(parts)-1]), []string{"", strconv.Itoa(n)})
			refs = append(refs, ArticleRef{Path: path(m[2], ps), Label: fmt.Sprintf("%s %s%s(%d)", label, m[2], strings.Join(bracketTexts(ps[:len(ps)-1]), ""), n)})
		}
		return refs, true
	default:
		// "ss. 28-35", "Pasal 28-42": a range of whole numbers.
		from, err1 := strconv.Atoi(m[2])
		last, err2 := strconv.Atoi(to)
		if err1 != nil || err2 != nil || len(parts) > 0 || last < from || last-from > 100 {
			return nil, false
		}
		for n := from; n <= last; n++ {
			refs = append(refs, ArticleRef{Path: fmt.Sprintf("%s_%d", unit, n), Label: fmt.Sprintf("%s %d", label, n)})
		}
		return refs, true
	}
}

func bracketTexts(parts [][]string) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = "(" + p[1] + ")"
	}
	return out
}
