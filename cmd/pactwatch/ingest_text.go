package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/ingest/text"
)

// runIngestText is 'pactwatch ingest text': a treaty's or a statute's
// text split into its parts, printed as a tree, written as a fixture file,
// or sent to a server as draft provisions.
func runIngestText(ctx context.Context, e *env, args []string) error {
	f := newFlags("ingest text", "ingest text FILE (--instrument ID | --law ID --state CODE) [--dry-run] [--out FILE.yaml] [--server URL --key-file F]",
		"Split a plain-text or Markdown treaty or statute into its parts (preamble and\n"+
			"recitals, chapters, articles or sections, paragraphs, points: \"Article 5\",\n"+
			"\"Art. 5\", \"Section 6\", \"Pasal 2\", \"Bab I\", \"มาตรา ๖\", \"1.\", \"(1)\", \"(a)\";\n"+
			"inserted numbers such as 51A; sections marked repealed) and give each part its\n"+
			"id in the corpus's scheme (art_14/para_7; for a statute the grammar of\n"+
			"fixtures/README.md). --dry-run (the default without --out) prints the tree;\n"+
			"--out writes the provisions as a fixture file to review and complete;\n"+
			"--server writes the provisions to a running server's write API as one draft\n"+
			"(a statute's with --language and --from; its law must be held). A text with\n"+
			"no structure, a number repeated or going backwards, binary or non-UTF-8 bytes,\n"+
			"or nothing in it is refused with the line that shows it, and nothing is written.",
		"  pactwatch ingest text protocol.md --instrument untoc-tip-protocol-2000 --dry-run\n"+
			"  pactwatch ingest text uu-21-2007.md --law idn/law-21-2007 --state IDN --language id --from 2007-04-19 \\\n"+
			"      --source \"UU 21/2007, Lembaran Negara 2007/58\" --out fixtures/statutes/idn-law-21-2007.yaml")
	instrument := f.String("instrument", "", "the instrument's id: the text is a treaty's")
	law := f.String("law", "", "the law's id (idn/law-21-2007): the text is a statute's")
	state := f.String("state", "", "with --law: the state's code, which the law's id starts with")
	dryRun := f.Bool("dry-run", false, "print the tree; write nothing")
	out := f.String("out", "", "write the provisions as a fixture file (YAML) here")
	serverURL := f.String("server", "", "write the provisions to this server's write API as a draft")
	keyFile := f.String("key-file", "", "with --server: a file holding the API key")
	citation := f.String("source", "", "the copy the text was read in: the source every provision cites (the file's name when empty)")
	url := f.String("source-url", "", "the copy's address")
	lang := f.String("language", "", "a statute's language: id, ms, en, th")
	from := f.String("from", "", "the day a statute's text took effect (YYYY-MM-DD, YYYY-MM or YYYY)")
	edition := f.String("edition", "OFFICIAL", "a statute's edition: OFFICIAL or UNOFFICIAL_TRANSLATION")
	kind := f.String("kind", "OTHER", "with --out, an instrument's kind: CONVENTION, DECLARATION, ...")
	adopted := f.String("adopted", "", "with --out, the day the instrument was adopted (YYYY-MM-DD, YYYY-MM or YYYY)")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) != 1 {
		return usageErrorf("ingest text: give one FILE (run 'pactwatch ingest text --help')")
	}
	opts := text.Options{}
	switch {
	case *instrument != "" && *law == "":
		opts.Scheme, opts.Root = text.Instrument, *instrument
	case *law != "" && *instrument == "":
		if *state == "" {
			return usageErrorf("ingest text: --law needs --state")
		}
		if code, _, _ := strings.Cut(*law, "/"); !strings.EqualFold(code, *state) {
			return usageErrorf("ingest text: the law id %q does not start with the state's code %q in lower case", *law, strings.ToLower(*state))
		}
		opts.Scheme, opts.Root = text.Statute, *law
	default:
		return usageErrorf("ingest text: give --instrument ID, or --law ID --state CODE")
	}
	src, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	doc, err := text.Parse(src, opts)
	if err != nil {
		return fmt.Errorf("%s:%w", rest[0], prefixLine(err))
	}
	if *citation == "" {
		*citation = filepath.Base(rest[0])
	}
	fo := text.FixtureOptions{Citation: *citation, URL: *url, Language: *lang, From: *from, Edition: *edition, Kind: *kind, Adopted: *adopted}
	switch {
	case *out != "" && !*dryRun:
		var b bytes.Buffer
		n, err := text.WriteFixture(&b, doc, fo)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(*out, b.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %d provisions of %s to %s\n", n, opts.Root, *out)
		return nil
	case *serverURL != "" && !*dryRun:
		return postProvisions(ctx, e, *serverURL, *keyFile, doc, fo)
	}
	return text.WriteTree(e.stdout, doc)
}

// prefixLine turns a *text.Error into "LINE: message", for "FILE:LINE: message".
func prefixLine(err error) error {
	var te *text.Error
	if errors.As(err, &te) {
		return fmt.Errorf("%d: %s", te.Line, te.Msg)
	}
	return err
}

// writeFileAtomic writes b to path through a temporary file in the same
// directory, so that a failed write leaves nothing behind.
func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ingest-text-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// postProvisions writes an instrument's or a statute's provisions to a
// server's write API as one draft batch (applyChanges without publish). A
// provision the server holds already is sent with the version it holds
// now, read just before: the draft replaces it, and publishing the draft
// is refused if someone changes it meanwhile.
func postProvisions(ctx context.Context, e *env, serverURL, keyFile string, doc *text.Document, fo text.FixtureOptions) error {
	if keyFile == "" {
		return usageErrorf("ingest text: --server needs --key-file")
	}
	statute := doc.Scheme == text.Statute
	if statute && (fo.Language == "" || fo.From == "") {
		return usageErrorf("ingest text: a statute's provisions need --language and --from (the day the text took effect)")
	}
	key, err := os.ReadFile(keyFile)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var held struct {
		Node *struct {
			Provisions []struct{ ID, Version string }
		}
	}
	q := `query($id: ID!) { node(id: $id) { ... on Instrument { provisions { id version } } } }`
	if statute {
		q = `query($id: ID!) { node(id: $id) { ... on Law { provisions { id version } } } }`
	}
	if err := postGraphQL(ctx, serverURL, string(key), q, map[string]any{"id": doc.Root}, &held); err != nil {
		return err
	}
	if statute && held.Node == nil {
		return fmt.Errorf("ingest text: the server holds no law %q: add the law's record first", doc.Root)
	}
	versions := map[string]string{}
	if held.Node != nil {
		for _, p := range held.Node.Provisions {
			versions[p.ID] = p.Version
		}
	}
	var put []map[string]any
	skipped := 0
	var stored map[string]*graph.StatuteProvision
	var from graph.Date
	if statute {
		if from, err = graph.ParseDate(fo.From); err != nil {
			return usageErrorf("ingest text: --from: %v", err)
		}
		ids := make([]string, 0, len(versions))
		for id := range versions {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		if stored, err = heldStatuteRecords(ctx, serverURL, string(key), ids); err != nil {
			return err
		}
	}
	for i, p := range doc.Provisions() {
		src := []map[string]any{{"Citation": fo.Citation, "URL": fo.URL, "Locator": p.Label}}
		var rec map[string]any
		if statute {
			if strings.TrimSpace(p.Text) == "" {
				skipped++ // a heading with no words under it: a provision holds a text
				continue
			}
			madeBy := fo.MadeBy
			if madeBy == "" {
				madeBy = "as enacted"
			}
			gsrc := []graph.Source{{Citation: fo.Citation, URL: fo.URL, Locator: p.Label}}
			v := graph.StatuteProvisionVersion{Text: p.Text, TextKind: graph.TextVerbatim, MadeBy: madeBy, From: from,
				Language: fo.Language, Edition: graph.StatuteEdition(fo.Edition), Locator: fmt.Sprintf("line %d", p.Line), Sources: gsrc}
			// A held provision keeps what it holds (its other versions and
			// languages, its notes and claims): the text read is added, or
			// replaces the version of the same language, edition and day.
			sp := stored[p.ID]
			if sp == nil {
				sp = &graph.StatuteProvision{ID: p.ID, LawID: doc.Root, Label: p.Label, Heading: p.Heading, Order: i + 1, Record: graph.Record{Sources: gsrc}}
			}
			sp.Versions = withVersion(sp.Versions, v)
			rec = map[string]any{"kind": "STATUTE_PROVISION", "record": sp}
		} else {
			rec = map[string]any{"kind": "PROVISION", "record": map[string]any{
				"ID": p.ID, "InstrumentID": doc.Root, "Label": p.Label, "Heading": p.Heading, "Text": p.Text,
				"TextKind": "VERBATIM", "Order": i + 1, "Sources": src,
			}}
		}
		if v := versions[p.ID]; v != "" {
			rec["version"] = v
		}
		put = append(put, rec)
	}
	var res struct {
		ApplyChanges *struct{ Draft *struct{ ID string } } `json:"applyChanges"`
	}
	if err := postGraphQL(ctx, serverURL, string(key), `mutation($input: ChangesInput!) { applyChanges(input: $input) { draft { id } } }`,
		map[string]any{"input": map[string]any{"message": "ingest text: provisions of " + doc.Root, "put": put}}, &res); err != nil {
		return err
	}
	id := ""
	if a := res.ApplyChanges; a != nil && a.Draft != nil {
		id = a.Draft.ID
	}
	fmt.Fprintf(e.stdout, "wrote %d provisions of %s to %s as draft %s\n", len(put), doc.Root, serverURL, id)
	if skipped > 0 {
		fmt.Fprintf(e.stdout, "left out %d headings with no words under them in the copy read\n", skipped)
	}
	return nil
}

// withVersion returns vs with v in place of the version of its language,
// edition and day, or added.
func withVersion(vs []graph.StatuteProvisionVersion, v graph.StatuteProvisionVersion) []graph.StatuteProvisionVersion {
	for i, h := range vs {
		if h.Language == v.Language && h.Edition == v.Edition && h.From == v.From {
			vs[i] = v
			return vs
		}
	}
	return append(vs, v)
}

// heldStatuteRecords reads the whole stored records of the statute
// provisions ids, as their newest change in the audit log has them (the
// API's JSON of a record, which a write takes back), 25 a request.
func heldStatuteRecords(ctx context.Context, serverURL, key string, ids []string) (map[string]*graph.StatuteProvision, error) {
	out := map[string]*graph.StatuteProvision{}
	for start := 0; start < len(ids); start += 25 {
		chunk := ids[start:min(start+25, len(ids))]
		var q strings.Builder
		vars := map[string]any{}
		q.WriteString("query(")
		for i, id := range chunk {
			fmt.Fprintf(&q, "$i%d: ID!, ", i)
			vars[fmt.Sprintf("i%d", i)] = id
		}
		q.WriteString(") {")
		for i := range chunk {
			fmt.Fprintf(&q, " r%d: changes(record: $i%d, first: 500) { edges { node { after } } }", i, i)
		}
		q.WriteString(" }")
		var data map[string]struct {
			Edges []struct {
				Node struct{ After json.RawMessage }
			}
		}
		if err := postGraphQL(ctx, serverURL, key, q.String(), vars, &data); err != nil {
			return nil, err
		}
		for i, id := range chunk {
			edges := data[fmt.Sprintf("r%d", i)].Edges
			if len(edges) == 0 {
				return nil, fmt.Errorf("ingest text: the server holds %s but its audit log has no change of it to read it whole from", id)
			}
			var sp graph.StatuteProvision
			if err := json.Unmarshal(edges[len(edges)-1].Node.After, &sp); err != nil || sp.ID != id {
				return nil, fmt.Errorf("ingest text: reading %s as the server holds it: %v", id, err)
			}
			out[id] = &sp
		}
	}
	return out, nil
}

// postGraphQL sends one GraphQL request with key to a server and decodes
// its data into dst; the first error of the answer is the error.
func postGraphQL(ctx context.Context, serverURL, key, query string, vars map[string]any, dst any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(serverURL, "/")+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(key))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	var res struct {
		Data   json.RawMessage            `json:"data"`
		Errors []struct{ Message string } `json:"errors"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		return fmt.Errorf("the server answered %s: %s", resp.Status, bytes.TrimSpace(raw))
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("the server refused: %s", res.Errors[0].Message)
	}
	if len(res.Data) == 0 {
		return nil
	}
	return json.Unmarshal(res.Data, dst)
}
