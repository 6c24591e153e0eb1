package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/pactwatch/pactwatch/graph/suggest"
)

// runEval is 'pactwatch eval': the suggestions measured against what
// curators made.
func runEval(ctx context.Context, e *env, args []string) error {
	f := newFlags("eval", "eval [--states IDN,MYS,THA] [-v] [--db DIR]",
		"Measure the proposals and suggestions against the curated records:\n"+
			"modality agreement on the obligations curated before the proposer existed and,\n"+
			"apart, on the UN Protocol's; link suggestion leave-one-out over each state's\n"+
			"curated links whose statute provisions are held (recall@5 and mean reciprocal\n"+
			"rank, over all the state's texts and per language); correspondence precision\n"+
			"at 1 against the correspondences a source states. -v lists every error.",
		"  pactwatch eval\n  pactwatch eval --states THA -v")
	db := dbFlag(f)
	states := f.String("states", strings.Join(suggest.EvalStates, ","), "the states whose links are evaluated, comma-separated")
	verbose := f.Bool("v", false, "list every modality error and every missed link")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) != 0 {
		return usageErrorf("eval: takes no arguments (run 'pactwatch eval --help')")
	}
	q, err := openQuerier(ctx, e, *db)
	if err != nil {
		return err
	}
	defer q.close()
	var codes []string
	for _, s := range strings.Split(*states, ",") {
		if s = strings.ToUpper(strings.TrimSpace(s)); s != "" {
			codes = append(codes, s)
		}
	}
	ev, err := suggest.Evaluate(ctx, q.store, codes)
	if err != nil {
		return err
	}
	printEvaluation(e.stdout, ev, *verbose)
	return nil
}

func printEvaluation(w io.Writer, ev *suggest.Evaluation, verbose bool) {
	pct := func(a, b int) string {
		if b == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
	}
	fmt.Fprintf(w, "Modality agreement\n")
	fmt.Fprintf(w, "  %-34s %7s %7s %9s %16s %10s\n", "obligations", "agreed", "total", "agreement", "verbatim agreed", "no reading")
	for _, a := range []struct {
		name string
		m    suggest.ModalityAgreement
	}{{"curated before the proposer", ev.Before}, {"UN Protocol (" + suggest.ProtocolID + ")", ev.Protocol}} {
		fmt.Fprintf(w, "  %-34s %7d %7d %9s %9d/%-6d %10d\n", a.name, a.m.Agreed, a.m.Total, pct(a.m.Agreed, a.m.Total), a.m.VerbatimAgreed, a.m.Verbatim, a.m.NoReading)
		if verbose {
			for _, x := range a.m.Errors {
				got := string(x.Got)
				if got == "" {
					got = "nothing"
				}
				fmt.Fprintf(w, "    %s: curated %s, proposed %s (%s text; cues %s)\n", x.Obligation, x.Want, got, x.TextKind, strings.Join(x.Cues, "; "))
			}
		}
	}
	fmt.Fprintf(w, "\nNature hint (of the obligations with a proposal)\n")
	for _, a := range []struct {
		name string
		m    suggest.ModalityAgreement
	}{{"curated before the proposer", ev.Before}, {"UN Protocol (" + suggest.ProtocolID + ")", ev.Protocol}} {
		fmt.Fprintf(w, "  %-34s %7d %7d %9s\n", a.name, a.m.NatureAgreed, a.m.NatureTotal, pct(a.m.NatureAgreed, a.m.NatureTotal))
		if verbose {
			for _, x := range a.m.NatureErrors {
				fmt.Fprintf(w, "    %s: curated %s, hinted %s (cues %s)\n", x.Obligation, x.WantNature, x.GotNature, strings.Join(x.Cues, "; "))
			}
		}
	}
	fmt.Fprintf(w, "\nLink suggestions, leave-one-out (a hit: any of the link's provisions in the first 5)\n")
	fmt.Fprintf(w, "  %-6s %-9s %6s %6s %9s %6s\n", "state", "language", "links", "hits", "recall@5", "MRR")
	for _, l := range ev.Links {
		lang := l.Language
		if lang == "" {
			lang = "all"
		}
		fmt.Fprintf(w, "  %-6s %-9s %6d %6d %9.2f %6.2f\n", l.State, lang, l.Links, l.Hits, l.Recall5, l.MRR)
		if verbose && l.Language == "" {
			for _, m := range l.Misses {
				rank := "past 50"
				if m.Rank > 0 {
					rank = fmt.Sprintf("rank %d", m.Rank)
				}
				kinds := ""
				for _, k := range m.Kinds {
					kinds += "; " + string(k)
				}
				fmt.Fprintf(w, "    miss %s: %s; first suggestion %s; curated %s%s\n", m.Link, rank, m.Top, strings.Join(m.Provided, " "), kinds)
			}
		}
	}
	fmt.Fprintf(w, "\nMost common link errors (misses over all texts; a miss may be of several kinds; broad: ranked first for %d or more of the state's links' obligations)\n", suggest.BroadFirsts)
	counts := ev.ErrorCounts()
	if len(counts) == 0 {
		fmt.Fprintf(w, "  none\n")
	} else {
		fmt.Fprintf(w, "  %-58s", "kind")
		for _, l := range ev.Links {
			if l.Language == "" {
				fmt.Fprintf(w, " %5s", l.State)
			}
		}
		fmt.Fprintf(w, " %5s\n", "all")
	}
	for _, c := range counts {
		fmt.Fprintf(w, "  %-58s", c.Kind)
		for _, l := range ev.Links {
			if l.Language == "" {
				fmt.Fprintf(w, " %5d", c.ByState[l.State])
			}
		}
		fmt.Fprintf(w, " %5d\n", c.N)
	}
	c := ev.Correspondence
	fmt.Fprintf(w, "\nCorrespondence suggestions\n")
	if c.Source == 0 {
		fmt.Fprintf(w, "  precision@1: not measured: no correspondence has basis SOURCE (%d are TEXT_COMPARISON, measured by the same similarity, so not a test of it)\n", c.TextComparison)
	} else {
		fmt.Fprintf(w, "  precision@1: %d of %d SOURCE correspondences (%s)\n", c.Correct, c.Source, pct(c.Correct, c.Source))
	}
	fmt.Fprintf(w, "  accepted from a suggestion (acceptSuggestion) and published: %d\n", c.Accepted)
}
