package main

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/pactwatch/pactwatch/graph"
)

// A command line names states and instruments as people write them: a
// state by its ISO 3166-1 alpha-3 code (IDN), its alpha-2 code (ID) or its
// name (Indonesia, "viet nam"); an instrument by its id (actip-2015), its
// short title (ACTIP) or its id without the year. A name that matches
// nothing, or more than one record, is a usage error that says what it
// could have meant (exit status 1, as any record not found).

// alpha2 maps the ISO 3166-1 alpha-2 codes of the ASEAN states (and
// Timor-Leste, should the store hold it) to their alpha-3 codes.
var alpha2 = map[string]string{
	"BN": "BRN", "KH": "KHM", "ID": "IDN", "LA": "LAO", "MM": "MMR",
	"MY": "MYS", "PH": "PHL", "SG": "SGP", "TH": "THA", "VN": "VNM", "TL": "TLS",
}

// stateAliases are names in common use that the store's names do not spell.
var stateAliases = map[string]string{
	"brunei": "BRN", "laos": "LAO", "lao": "LAO", "burma": "MMR", "vietnam": "VNM",
	"timor leste": "TLS", "east timor": "TLS",
}

// fold lowers s and keeps only its letters and digits, one space between
// words: "Lao P.D.R." is "lao p d r".
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}), " ")
}

// resolveState returns the code of the store's state that s names.
func resolveState(ctx context.Context, q *querier, cmd, s string) (string, error) {
	states, err := q.states(ctx)
	if err != nil {
		return "", err
	}
	in := strings.TrimSpace(s)
	up, f := strings.ToUpper(in), fold(in)
	var names []string
	has := map[string]bool{}
	for _, st := range states {
		has[st.Code] = true
	}
	if has[up] {
		return up, nil
	}
	if c := alpha2[up]; c != "" && has[c] {
		return c, nil
	}
	if c := stateAliases[f]; c != "" && has[c] {
		return c, nil
	}
	var prefix []string
	for _, st := range states {
		nf := fold(st.Name)
		if nf == f {
			return st.Code, nil
		}
		if f != "" && len(f) >= 3 && strings.HasPrefix(nf, f) {
			prefix = append(prefix, st.Code)
		}
		names = append(names, st.Code, st.Name)
	}
	if len(prefix) == 1 {
		return prefix[0], nil
	}
	if len(prefix) > 1 {
		return "", fmt.Errorf("%s: state %q is ambiguous: it could be %s", cmd, s, strings.Join(prefix, ", "))
	}
	msg := fmt.Sprintf("%s: no state %q in the store", cmd, s)
	if m := closest(in, names); m != "" {
		msg += fmt.Sprintf("; did you mean %s?", m)
	}
	codes := make([]string, 0, len(states))
	for _, st := range states {
		codes = append(codes, st.Code)
	}
	return "", fmt.Errorf("%s (states: %s, or their names or ISO alpha-2 codes)", msg, strings.Join(codes, " "))
}

// resolveInstrument returns the id of the store's instrument that s names;
// the empty s stays empty.
func resolveInstrument(ctx context.Context, q *querier, cmd, s string) (string, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return "", nil
	}
	insts, err := q.instruments(ctx)
	if err != nil {
		return "", err
	}
	low := strings.ToLower(in)
	var byTitle, byStem, ids []string
	for _, it := range insts {
		if it.ID == in || strings.ToLower(it.ID) == low {
			return it.ID, nil
		}
		if it.ShortTitle != "" && fold(it.ShortTitle) == fold(in) {
			byTitle = append(byTitle, it.ID)
		}
		if stem, _, ok := cutYear(it.ID); ok && stem == low {
			byStem = append(byStem, it.ID)
		}
		ids = append(ids, it.ID)
	}
	for _, m := range [][]string{byTitle, byStem} {
		switch {
		case len(m) == 1:
			return m[0], nil
		case len(m) > 1:
			return "", fmt.Errorf("%s: instrument %q is ambiguous: it could be %s", cmd, s, strings.Join(m, ", "))
		}
	}
	msg := fmt.Sprintf("%s: no instrument %q in the store", cmd, s)
	cands := append([]string{}, ids...)
	for _, it := range insts {
		if it.ShortTitle != "" {
			cands = append(cands, it.ShortTitle)
		}
	}
	if m := closest(in, cands); m != "" {
		msg += fmt.Sprintf("; did you mean %s?", m)
	}
	return "", fmt.Errorf("%s (instruments: %s)", msg, strings.Join(ids, " "))
}

var yearSuffix = regexp.MustCompile(`^(.*)-(\d{4})$`)

// cutYear splits "actip-2015" into "actip" and "2015".
func cutYear(id string) (string, string, bool) {
	m := yearSuffix.FindStringSubmatch(strings.ToLower(id))
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

func allOf[T graph.Node](ctx context.Context, r graph.Reader, k graph.Kind) ([]T, error) {
	ids, err := r.IDs(ctx, k)
	if err != nil {
		return nil, err
	}
	ns, err := r.Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []T
	for _, n := range ns {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

// closest returns the candidate nearest to s in edit distance (ignoring
// case), when it is near enough to be what was meant: at most a third of
// its length away, two edits for words of four letters or more and one for
// shorter ones.
func closest(s string, cands []string) string {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range cands {
		d := levenshtein.ComputeDistance(ls, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := 1
	if n := len([]rune(best)); n >= 4 {
		limit = max(2, n/3)
	}
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// naturalLess orders strings with their runs of digits compared as numbers:
// "Article 5" before "Article 18", "art_5/obl_2" before "art_14".
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// sortGaps orders gaps by instrument, then by provision in natural order.
func sortGaps(gaps []gapRecord) {
	sort.SliceStable(gaps, func(i, j int) bool {
		a, b := gaps[i], gaps[j]
		if a.Instrument.ID != b.Instrument.ID {
			return a.Instrument.ID < b.Instrument.ID
		}
		return naturalLess(a.Obligation.ID, b.Obligation.ID)
	})
}
