package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/pactwatch/pactwatch/graph/suggest"
)

// runSuggest is 'pactwatch suggest': the proposals and suggestions of
// assisted curation, from the store (the embedded fixtures in an empty
// one). They are read, never written: a curator makes them records.
func runSuggest(ctx context.Context, e *env, args []string) error {
	f := newFlags("suggest", "suggest links OBLIGATION STATE | obligations (PROVISION | --text TEXT) | correspondences PROVISION [--first N] [--db DIR]\n"+
		"       pactwatch suggest (links ... | obligations PROVISION | correspondences ...) (--accept N | --reject N) --message WHY --server URL --key-file F",
		"Propose and suggest, for a curator to decide:\n"+
			"  links            a state's statute provisions ranked by how likely they implement\n"+
			"                   an obligation, with their scores and the passages that matched;\n"+
			"                   those already linked to it, or accepted or rejected as\n"+
			"                   suggestions, are left out (--decided keeps them, marked)\n"+
			"  obligations      the obligations a provision's words state: addressee, modality,\n"+
			"                   conditions, nature and the cue words that decided each\n"+
			"  correspondences  the provisions of other instruments whose words are most like\n"+
			"                   a provision's, with the similarity\n"+
			"With --server and --key-file, --accept N makes the N-th suggestion of the server's\n"+
			"answer a draft (its record carries the suggestion; an editor publishes it), and\n"+
			"--reject N records that it was turned down, in the audit log; --message says why.",
		"  pactwatch suggest links actip-2015/art_14/para_8/obl_1 THA\n"+
			"  pactwatch suggest obligations untoc-tip-protocol-2000/art_6/para_3\n"+
			"  pactwatch suggest obligations --text \"Each Party shall endeavour to ...\"\n"+
			"  pactwatch suggest correspondences actip-2015/art_14/para_1 --first 3\n"+
			"  pactwatch suggest links actip-2015/art_14/para_8/obl_1 MYS --accept 2 --message \"s. 51A reads as 14(8)\" \\\n"+
			"      --server http://localhost:8080 --key-file curator.key")
	db := dbFlag(f)
	first := f.Int("first", 5, "how many suggestions (1 to 50)")
	txt := f.String("text", "", "obligations: read this text instead of a held provision")
	accept := f.Int("accept", 0, "with --server: accept the N-th suggestion of the server's answer, as a draft")
	reject := f.Int("reject", 0, "with --server: record that the N-th suggestion was turned down")
	message := f.String("message", "", "with --accept or --reject: why (the draft's message, or the reason)")
	serverURL := f.String("server", "", "with --accept or --reject: the server's address")
	keyFile := f.String("key-file", "", "with --server: a file holding the API key")
	extent := f.String("extent", "PARTIAL", "with --accept of a link: FULL or PARTIAL")
	decided := f.Bool("decided", false, "links: keep the provisions already linked to the obligation for the state,\nor accepted or rejected as suggestions, each marked [linked], [accepted] or [rejected]")
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
	if *accept != 0 || *reject != 0 {
		if *txt != "" {
			return usageErrorf("suggest: only a held provision's proposals can be accepted or rejected, not --text's")
		}
		return decideSuggestion(ctx, e, what, rest, decision{accept: *accept, reject: *reject, message: *message, server: *serverURL, keyFile: *keyFile, extent: *extent, decided: *decided})
	}
	q, err := openQuerier(ctx, e, *db)
	if err != nil {
		return err
	}
	defer q.close()
	w := e.stdout
	switch what {
	case "links":
		got, err := suggest.LinksFor(ctx, q.store, rest[0], rest[1], suggest.LinkOptions{First: *first, IncludeDecided: *decided})
		if err != nil {
			return err
		}
		if len(got) == 0 {
			fmt.Fprintf(w, "no statute provisions of %s are held\n", strings.ToUpper(rest[1]))
		}
		for i, s := range got {
			mark := ""
			if s.Decided != nil {
				mark = "  [" + strings.ToLower(string(*s.Decided)) + "]"
			}
			fmt.Fprintf(w, "%d. %s  %s  score %.2f (%s)%s\n", i+1, s.Provision.ID, s.Provision.Label, s.Score, s.Language, mark)
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

// decision is what 'suggest --accept N' or '--reject N' asks of a server.
type decision struct {
	accept, reject          int
	message, server, extent string
	keyFile                 string
	decided                 bool // links: count the decided ones too (--decided)
}

// decideSuggestion accepts or rejects the N-th suggestion of the server's
// own answer through its write API (acceptSuggestion, rejectSuggestion):
// the server asks its suggester again and records what it says.
func decideSuggestion(ctx context.Context, e *env, what string, args []string, d decision) error {
	n := d.accept
	if d.accept != 0 && d.reject != 0 || n < 0 || d.reject < 0 {
		return usageErrorf("suggest: give --accept N or --reject N (N from 1), not both")
	}
	if n == 0 {
		n = d.reject
	}
	if d.server == "" || d.keyFile == "" {
		return usageErrorf("suggest: --accept and --reject write to a server: give --server URL and --key-file F")
	}
	if strings.TrimSpace(d.message) == "" {
		return usageErrorf("suggest: --accept and --reject need --message WHY")
	}
	key, err := os.ReadFile(d.keyFile)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	in := map[string]any{"message": d.message}
	var list struct {
		Links []struct{ Provision struct{ ID string } }
		Props []struct{ Modality string }
		Corr  []struct{ Provision struct{ ID string } }
	}
	var q string
	var vars map[string]any
	switch what {
	case "links":
		q, vars = `query($a: ID!, $s: String!, $n: Int, $d: Boolean) { links: suggestLinks(obligation: $a, state: $s, first: $n, includeDecided: $d) { provision { id } } }`, map[string]any{"a": args[0], "s": args[1], "n": n, "d": d.decided}
		in["kind"], in["obligation"], in["state"], in["extent"] = "LINK", args[0], args[1], strings.ToUpper(d.extent)
	case "obligations":
		q, vars = `query($a: ID!) { props: proposeObligations(provision: $a) { modality } }`, map[string]any{"a": args[0]}
		in["kind"], in["provision"], in["proposal"] = "OBLIGATION", args[0], n
	case "correspondences":
		q, vars = `query($a: ID!, $n: Int) { corr: suggestCorrespondences(provision: $a, first: $n) { provision { id } } }`, map[string]any{"a": args[0], "n": n}
		in["kind"], in["provision"] = "CORRESPONDENCE", args[0]
	}
	if err := postGraphQL(ctx, d.server, string(key), q, vars, &list); err != nil {
		return err
	}
	got := max(len(list.Links), len(list.Props), len(list.Corr))
	if n > got {
		return fmt.Errorf("suggest: the server gives %d suggestions, not %d", got, n)
	}
	switch {
	case len(list.Links) > 0:
		in["target"] = list.Links[n-1].Provision.ID
	case len(list.Corr) > 0:
		in["target"] = list.Corr[n-1].Provision.ID
	}
	if d.accept != 0 {
		var res struct {
			AcceptSuggestion *struct {
				Draft *struct {
					ID      string
					Records []struct{ ID string }
				}
			}
		}
		if err := postGraphQL(ctx, d.server, string(key), `mutation($in: SuggestionInput!) { acceptSuggestion(input: $in) { draft { id records { id } } } }`, map[string]any{"in": in}, &res); err != nil {
			return err
		}
		if a := res.AcceptSuggestion; a != nil && a.Draft != nil && len(a.Draft.Records) == 1 {
			fmt.Fprintf(e.stdout, "accepted suggestion %d as draft %s: %s (an editor publishes it)\n", n, a.Draft.ID, a.Draft.Records[0].ID)
		}
		return nil
	}
	var res struct {
		RejectSuggestion *struct{ Seq, Subject string }
	}
	if err := postGraphQL(ctx, d.server, string(key), `mutation($in: SuggestionInput!) { rejectSuggestion(input: $in) { seq subject } }`, map[string]any{"in": in}, &res); err != nil {
		return err
	}
	if r := res.RejectSuggestion; r != nil {
		fmt.Fprintf(e.stdout, "rejected suggestion %d (%s), audit entry %s\n", n, r.Subject, r.Seq)
	}
	return nil
}
