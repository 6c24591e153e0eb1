package main

import (
	"fmt"
	"io"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/ingest"
)

// printPlan lists what a load does, record by record, as the dry run and
// the load itself say it: the records changed, with each field that
// differs, the records removed, and those refused (written through the API
// since their file was loaded; with force, overwritten); the records added
// only with verbose. Without verbose the records removed are counted per
// kind, removedVerb ("would remove", "removed") saying it.
func printPlan(w io.Writer, p *ingest.Plan, verbose, refusing bool, removedVerb string) {
	if verbose {
		for _, n := range p.Added {
			fmt.Fprintf(w, "  added     %s %s\n", n.NodeKind(), n.NodeID())
		}
	}
	for _, c := range p.Changed {
		fmt.Fprintf(w, "  changed   %s %s\n", c.After.NodeKind(), c.After.NodeID())
		for _, d := range c.Fields {
			fmt.Fprintf(w, "              %s\n", d)
		}
	}
	if verbose {
		for _, n := range p.Removed {
			fmt.Fprintf(w, "  removed   %s %s\n", n.NodeKind(), n.NodeID())
		}
	} else {
		removals := map[graph.Kind][]string{}
		for _, n := range p.Removed {
			removals[n.NodeKind()] = append(removals[n.NodeKind()], n.NodeID())
		}
		printRemovals(w, removedVerb, removals, false)
	}
	for _, o := range p.Refused {
		verb := "refused  "
		if !refusing {
			verb = "forced   "
			if o.Remove {
				verb = "removed  "
			}
		}
		what := "written through the API since the file was loaded"
		if o.Author == ImportAuthor {
			what = "written by 'pactwatch import' since the file was loaded"
		}
		if o.Remove {
			what += " (the file no longer defines it)"
		}
		fmt.Fprintf(w, "  %s %s %s: %s, by %s at version %d; --force overwrites\n", verb, o.Kind, o.ID, what, o.Author, o.Version)
	}
	if verbose && p.Unchanged > 0 {
		fmt.Fprintf(w, "  unchanged %d %s\n", p.Unchanged, pluralize(p.Unchanged, "record", "records"))
	}
}
