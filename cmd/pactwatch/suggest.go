package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/pactwatch/pactwatch/graph/suggest"
)

// runSuggest is 'pactwatch suggest': the proposals and suggestions of
// assisted curation, from the store (the embedded fixtures in an empty
// one). They are read, never written: a curator makes them records.
func runSuggest(ctx context.Context, e *env, args []string) error {
	f := newFlags("suggest", "suggest links OBLIGATION STATE | obligations (PROVISION | --text TEXT) | correspondences PROVISION [--first N] [--db DIR]",
		"Propose and suggest, for a curator to decide:\n"+
			"  links            a state's statute provisions ranked by how likely they implement\n"+
			"                   an obligation, with their scores and the passages that matched\n"+
			"  obligations      the obligations a provision's words state: addressee, modality,\n"+
			"                   conditions, nature and the cue words that decided each\n"+
			"  correspondences  the provisions of other instruments whose words are most like\n"+
			"                   a provision's, with the similarity",
		"  pactwatch suggest links actip-2015/art_14/para_8/obl_1 THA\n"+
			"  pactwatch suggest obligations untoc-tip-protocol-2000/art_6/para_3\n"+
			"  pactwatch suggest obligations --text \"Each Party shall endeavour to ...\"\n"+
			"  pactwatch suggest correspondences actip-2015/art_14/para_1 --first 3")
	db := dbFlag(f)
	first := f.Int("first", 5, "how many suggestions (1 to 50)")
	txt := f.String("text", "", "obligations: read this text instead of a held provision")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) == 0 {
		return usageErrorf("suggest: say what to suggest: links, obligations or correspondences (run 'pactwatch suggest --help')")
	}
	what, rest := rest[0], rest[1:]
	want := map[string]int{"links": 2, "obligations": 1, "correspondences": 1}
	n, ok := want[what]
	if !ok {
		return usageErrorf("suggest: unknown %q: want links, obligations or correspondences", what)
	}
	if what == "obligations" && *txt != "" {
		n = 0
	}
	if len(rest) != n {
		return usageErrorf("suggest %s: want %d argument(s), got %d (run 'pactwatch suggest --help')", what, n, len(rest))
	}
	q, err := openQuerier(ctx, e, *db)
	if err != nil {
		return err
	}
	defer q.close()
	w := e.stdout
	switch what {
	case "links":
		got, err := suggest.LinksFor(ctx, q.store, rest[0], rest[1], *first)
		if err != nil {
			return err
		}
		if len(got) == 0 {
			fmt.Fprintf(w, "no statute provisions of %s are held\n", strings.ToUpper(rest[1]))
		}
		for i, s := range got {
			fmt.Fprintf(w, "%d. %s  %s  score %.2f (%s)\n", i+1, s.Provision.ID, s.Provision.Label, s.Score, s.Language)
			for _, p := range s.Passages {
				fmt.Fprintf(w, "   %s\n", shortLine(p))
			}
		}
	case "obligations":
		id := ""
		if len(rest) == 1 {
			id = rest[0]
		}
		got, err := suggest.ObligationsFor(ctx, q.store, id, *txt)
		if err != nil {
			return err
		}
		if len(got) == 0 {
			fmt.Fprintln(w, "no obligation: the words ask nothing of a state (or say it in a way the reading does not know)")
		}
		for i, p := range got {
			addr := p.Addressee
			if addr == "" {
				addr = "(no Party named)"
			}
			fmt.Fprintf(w, "%d. %s  %s  %s\n", i+1, p.Modality, p.Nature, addr)
			fmt.Fprintf(w, "   cues: %s\n", strings.Join(p.Cues, "; "))
			if len(p.Conditions) > 0 {
				fmt.Fprintf(w, "   conditions: %s\n", strings.Join(p.Conditions, "; "))
			}
			fmt.Fprintf(w, "   %s\n", shortLine(p.Sentence))
		}
	case "correspondences":
		got, err := suggest.CorrespondencesFor(ctx, q.store, rest[0], *first)
		if err != nil {
			return err
		}
		for i, c := range got {
			fmt.Fprintf(w, "%d. %s  %s  similarity %.2f\n", i+1, c.Provision.ID, c.Provision.Label, c.Similarity)
		}
	}
	return nil
}

// shortLine cuts s to one line of at most 160 characters.
func shortLine(s string) string {
	s = oneLine(s)
	if r := []rune(s); len(r) > 160 {
		return string(r[:159]) + "…"
	}
	return s
}
