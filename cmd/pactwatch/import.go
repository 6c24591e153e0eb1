package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/ingest"
	"github.com/pactwatch/pactwatch/server/export"
)

// ImportAuthor is the author the change log records for an import.
const ImportAuthor = "import"

// runImport loads a corpus download (what 'pactwatch export' and
// /export/corpus.* write) back into a store: every record whole, by id,
// in one batch. It never removes a record, and refuses records changed in
// the store since the download was written, by name.
func runImport(ctx context.Context, e *env, args []string) (err error) {
	f := newFlags("import", "import [--db DIR] [--dry-run] [--force] [-v] FILE",
		"Load a corpus download back into the store: corpus.json, corpus.zip, or the\n"+
			"directory 'pactwatch export --format csv' writes. Every record is loaded whole\n"+
			"(its id, origin, sources and claims kept) in one atomic batch: records the\n"+
			"store lacks are added, those that differ are replaced, and none is removed.\n"+
			"A record changed in the store since the download was written (its version\n"+
			"there is newer than the file's revision) is refused by name, and then nothing\n"+
			"is written; --force loads over them (the change log records it). The file's\n"+
			"manifest, change log and revisions are not loaded: the store keeps its own.\n"+
			"A store held by a running serve cannot be imported into: stop it first.",
		"  pactwatch export -o corpus.json && pactwatch import --db ./copy corpus.json\n  pactwatch import --dry-run corpus.zip")
	db := dbFlag(f)
	dryRun := f.Bool("dry-run", false, "say what the import would do; write nothing")
	force := f.Bool("force", false, "load even over records changed in the store since the file was written")
	verbose := f.Bool("v", false, "list the ids added and changed")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) != 1 {
		return usageErrorf("import: want one FILE (corpus.json, corpus.zip or a corpus directory; run 'pactwatch import --help')")
	}
	file := rest[0]
	dir, err := resolveDB(e, *db)
	if err != nil {
		return err
	}
	c, err := readCorpusPath(file)
	if err != nil {
		return fmt.Errorf("%s: %s", file, describeError(err))
	}
	if msg := heldByServe(ctx, dir, "an import writes statute provisions and keeps each record's origin, which the write API does not carry: stop serve, run 'pactwatch import --db "+dir+" "+file+"', then start serve again"); msg != "" {
		return fmt.Errorf("%s", msg)
	}
	var s *store.Store
	if *dryRun {
		s, err = openExistingStore(ctx, dir)
	} else {
		s, err = openStore(ctx, dir)
	}
	if err != nil {
		return err
	}
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("closing the store: %v", cerr)
		}
	}()
	plan, err := planImport(ctx, s, c)
	if err != nil {
		return fmt.Errorf("reading the store: %s", describeError(err))
	}
	if ps, err := ingest.CheckRecords(ctx, s, c.Nodes, nil,
		func(i int) string { return fmt.Sprintf("%s: %s %s", file, c.Nodes[i].NodeKind(), c.Nodes[i].NodeID()) },
		func(int) string { return file }); err != nil {
		return fmt.Errorf("reading the store: %s", describeError(err))
	} else if len(ps) > 0 {
		return reportProblems(e, ps, true)
	}
	if len(plan.stale) > 0 && !*force {
		for _, st := range plan.stale {
			fmt.Fprintf(e.stderr, "  refused: %s\n", st)
		}
		return fmt.Errorf("%d %s changed in the store since %s was written (listed above); nothing was written; export the store again and redo the edits, or run with --force to load over them",
			len(plan.stale), pluralize(len(plan.stale), "record", "records"), file)
	}
	if *dryRun {
		fmt.Fprintf(e.stdout, "dry run: %s would add %d, change %d and leave %d unchanged in %s; nothing written\n",
			file, len(plan.added), len(plan.changed)+len(plan.stale), plan.unchanged, dir)
		printImportIDs(e.stdout, plan, *verbose)
		return nil
	}
	put := append(slices.Clone(plan.added), plan.changed...)
	for _, st := range plan.stale {
		put = append(put, st.node)
	}
	var res *graph.ApplyResult
	if len(put) == 0 {
		res = &graph.ApplyResult{Unchanged: plan.unchanged}
	} else {
		if err := s.MarkOwnWrites(ctx); err != nil {
			return fmt.Errorf("writing the store: %v", err)
		}
		before := s.Version()
		msg := fmt.Sprintf("import %s (data version %s)", filepath.Base(file), c.Manifest.DataVersion)
		if len(plan.stale) > 0 {
			msg += fmt.Sprintf(" (--force over %d records changed since: %s)", len(plan.stale), strings.Join(plan.staleIDs(), ", "))
		}
		res, err = s.Apply(ctx, &graph.Batch{Put: put, Author: ImportAuthor, Message: msg, Expect: plan.expect, Force: *force && len(plan.stale) > 0})
		if err != nil {
			return reportProblems(e, err, true)
		}
		syncSearch(ctx, e, dir, s, before, res)
	}
	fmt.Fprintf(e.stdout, "imported %s into %s: %d added, %d changed, %d removed, %d unchanged\n",
		file, dir, len(res.Added), len(res.Changed), len(res.Removed), res.Unchanged)
	fmt.Fprintf(e.stdout, "not loaded: the manifest (data version %s), the change log (%d entries; the store keeps its own), the revisions (the records written take new versions)\n",
		c.Manifest.DataVersion, c.Changelog)
	if *verbose {
		printImportIDs(e.stdout, plan, true)
	}
	return nil
}

// readCorpusPath reads a corpus from a .json file, a .zip, or a directory
// of its CSV files.
func readCorpusPath(name string) (*export.CorpusRecords, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read it: %v", err)
	}
	if info.IsDir() {
		entries, err := os.ReadDir(name)
		if err != nil {
			return nil, err
		}
		files := map[string][]byte{}
		for _, en := range entries {
			if en.Type().IsRegular() {
				b, err := os.ReadFile(filepath.Join(name, en.Name()))
				if err != nil {
					return nil, err
				}
				files[en.Name()] = b
			}
		}
		return export.ReadCorpusFiles(files)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read it: %v", err)
	}
	if bytes.HasPrefix(b, []byte("PK")) {
		return export.ReadCorpusZip(bytes.NewReader(b), int64(len(b)))
	}
	return export.ReadCorpusJSON(bytes.NewReader(b))
}

// importPlan is what an import does to each record of the file.
type importPlan struct {
	added, changed []graph.Node
	unchanged      int
	stale          []staleRecord
	// expect holds the version each written record must still be at when
	// the batch commits (0: absent), so that a write in between is refused.
	expect map[string]uint64
}

// staleRecord is a record of the file that differs from the store's,
// whose store version is newer than the file's revision of it.
type staleRecord struct {
	node    graph.Node
	file    uint64 // 0 when the file gives no revision
	current graph.RecordVersion
}

func (s staleRecord) String() string {
	by := ""
	if s.current.Author != "" {
		by = " by " + s.current.Author
	}
	file := fmt.Sprintf("the file has it at version %d", s.file)
	if s.file == 0 {
		file = "the file gives no revision for it"
	}
	return fmt.Sprintf("%s %s: changed since the file was written (the store has it at version %d%s; %s)",
		s.node.NodeKind(), s.node.NodeID(), s.current.Seq, by, file)
}

func (p *importPlan) staleIDs() []string {
	out := make([]string, len(p.stale))
	for i, s := range p.stale {
		out[i] = s.node.NodeID()
	}
	return out
}

// planImport compares each record of c with the store's, read with its
// version in one snapshot.
func planImport(ctx context.Context, s *store.Store, c *export.CorpusRecords) (*importPlan, error) {
	ids := make([]string, len(c.Nodes))
	for i, n := range c.Nodes {
		ids[i] = n.NodeID()
	}
	stored, versions, err := s.NodeVersions(ctx, ids)
	if err != nil {
		return nil, err
	}
	p := &importPlan{expect: map[string]uint64{}}
	for i, n := range c.Nodes {
		old, v := stored[i], versions[i]
		switch {
		case old == nil:
			p.added = append(p.added, n)
			p.expect[n.NodeID()] = 0
		case sameNode(old, n):
			p.unchanged++
		default:
			rev, ok := c.Revisions[n.NodeID()]
			if !ok || v.Seq > rev {
				p.stale = append(p.stale, staleRecord{node: n, file: rev, current: v})
				continue
			}
			p.changed = append(p.changed, n)
			p.expect[n.NodeID()] = v.Seq
		}
	}
	if len(p.stale) > 0 {
		// Who wrote them, for the listing.
		vs, err := s.Versions(ctx, p.staleIDs())
		if err != nil {
			return nil, err
		}
		for i := range p.stale {
			if vs[i].Seq == p.stale[i].current.Seq {
				p.stale[i].current.Author = vs[i].Author
			}
		}
	}
	return p, nil
}

// sameNode reports whether two records hold the same fields.
func sameNode(a, b graph.Node) bool {
	if a.NodeKind() != b.NodeKind() {
		return false
	}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

func printImportIDs(w io.Writer, p *importPlan, verbose bool) {
	if !verbose {
		return
	}
	for _, n := range p.added {
		fmt.Fprintf(w, "  added    %s %s\n", n.NodeKind(), n.NodeID())
	}
	for _, n := range p.changed {
		fmt.Fprintf(w, "  changed  %s %s\n", n.NodeKind(), n.NodeID())
	}
	for _, st := range p.stale {
		fmt.Fprintf(w, "  forced   %s\n", st)
	}
}
