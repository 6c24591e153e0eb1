package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	pwserver "github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

func TestSuggest(t *testing.T) {
	db := fixtureDB(t)
	t.Run("OK/links", func(t *testing.T) {
		r := mustRun(t, "suggest", "links", "actip-2015/art_14/para_8/obl_1", "THA", "--first", "3", "--db", db)
		if !strings.HasPrefix(r.stdout, "1. tha/act-2551-2008/") || !strings.Contains(r.stdout, "3. tha/") || !strings.Contains(r.stdout, "score ") || !strings.Contains(r.stdout, "«") {
			t.Errorf("got\n%s\nwant three ranked THA provisions with scores and passages", r.stdout)
		}
	})
	t.Run("OK/linksDecided", func(t *testing.T) {
		// Malaysia's link to the Protocol's recovery duty names Act 670's
		// ss. 42, 43, 45 and 46: left out, or with --decided marked.
		args := []string{"suggest", "links", "untoc-tip-protocol-2000/art_6/para_3/obl_1", "MYS", "--first", "50", "--db", db}
		r := mustRun(t, args...)
		if strings.Contains(r.stdout, "mys/act-670/sec_42 ") || strings.Contains(r.stdout, "[linked]") || !strings.Contains(r.stdout, "\n50. mys/") {
			t.Errorf("got\n%s\nwant 50 suggestions without s. 42, which the link names", r.stdout)
		}
		r = mustRun(t, append(args, "--decided")...)
		if !regexp.MustCompile(`(?m)^\d+\. mys/act-670/sec_42 .*\[linked\]$`).MatchString(r.stdout) {
			t.Errorf("--decided: got\n%s\nwant s. 42 marked [linked]", r.stdout)
		}
	})
	t.Run("OK/obligations", func(t *testing.T) {
		r := mustRun(t, "suggest", "obligations", "untoc-tip-protocol-2000/art_6/para_3", "--db", db)
		if !strings.Contains(r.stdout, "1. SOFT_OBLIGATION  DOMESTIC_MEASURE  Each State Party") || !strings.Contains(r.stdout, "cues: shall consider") {
			t.Errorf("got\n%s\nwant a SOFT_OBLIGATION with its cue", r.stdout)
		}
		r = mustRun(t, "suggest", "obligations", "--text", "States Parties should exchange information.", "--db", db)
		if !strings.Contains(r.stdout, "RECOMMENDATION  INTER_STATE  States Parties") {
			t.Errorf("got\n%s\nwant an INTER_STATE RECOMMENDATION", r.stdout)
		}
	})
	t.Run("OK/correspondences", func(t *testing.T) {
		r := mustRun(t, "suggest", "correspondences", "actip-2015/art_14/para_6", "--first", "1", "--db", db)
		if !strings.HasPrefix(r.stdout, "1. untoc-tip-protocol-2000/art_6/para_1 ") || !strings.Contains(r.stdout, "similarity ") {
			t.Errorf("got\n%s\nwant the Protocol's Art. 6(1) first", r.stdout)
		}
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		r := pactwatch(t, nil, "suggest", "laws", "x", "--db", db)
		if r.code != 2 || !strings.Contains(r.stderr, "unknown") {
			t.Errorf("got exit %d, stderr %q; want 2 and the unknown word", r.code, r.stderr)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		r := pactwatch(t, nil, "suggest", "links", "no-such/obl_1", "IDN", "--db", db)
		if r.code != 1 || !strings.Contains(r.stderr, "no obligation") {
			t.Errorf("got exit %d, stderr %q; want 1 and no obligation", r.code, r.stderr)
		}
	})
}

func TestEval(t *testing.T) {
	db := fixtureDB(t)
	r := mustRun(t, "eval", "--db", db)
	for _, want := range []string{"Modality agreement", "curated before the proposer", "UN Protocol", "IDN    all", "MYS    en", "THA    th", "precision@1", "Most common link errors", "broad provision ranked first"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("got\n%s\nwant %q in it", r.stdout, want)
		}
	}
}

func TestIngestText(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	dir := t.TempDir()
	protocol := filepath.Join("..", "..", "ingest", "text", "testdata", "untoc-tip-protocol-2000.md")
	t.Run("OK/dry-run", func(t *testing.T) {
		r := mustRun(t, "ingest", "text", protocol, "--instrument", "untoc-tip-protocol-2000", "--dry-run")
		for _, want := range []string{"recital  untoc-tip-protocol-2000/preamble/recital_5", "article  untoc-tip-protocol-2000/art_5  [Article 5]  Criminalization", "para     untoc-tip-protocol-2000/art_20/para_2"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("want %q in the tree; got\n%s", want, r.stdout)
			}
		}
	})
	t.Run("OK/out", func(t *testing.T) {
		out := filepath.Join(dir, "p.yaml")
		r := mustRun(t, "ingest", "text", protocol, "--instrument", "test-protocol", "--adopted", "2000-11-15", "--kind", "CONVENTION", "--out", out)
		if !strings.Contains(r.stdout, "wrote 64 provisions of test-protocol") {
			t.Errorf("got %q", r.stdout)
		}
		if v := mustRun(t, "validate", out); !strings.Contains(v.stdout+v.stderr, "valid") {
			t.Errorf("validate: got %q %q", v.stdout, v.stderr)
		}
	})
	for _, c := range []struct {
		name, text, msg string
	}{
		{"ErrEmpty", "", ":1: the file is empty"},
		{"ErrBinary", "Article 1\n\x00\x01\x02", ":2: the file is binary"},
		{"ErrNotUTF8", "Article 1\nbad \xff here", ":2: the text is not UTF-8"},
		{"ErrNoStructure", "A letter.\nNo articles.", ":1: no structure found"},
		{"ErrBackwards", "Pasal 1\nSatu.\nPasal 3\nTiga.\nPasal 2\nDua.\n", ":5: Pasal 2 goes backwards after Pasal 3"},
		{"ErrDuplicate", "Section 1\nOne.\nSection 1\nAgain.\n", ":3: Section 1 repeats Section 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := filepath.Join(dir, c.name+".txt")
			out := filepath.Join(dir, c.name+".yaml")
			if err := os.WriteFile(in, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			r := pactwatch(t, nil, "ingest", "text", in, "--law", "idn/law-x", "--state", "IDN", "--language", "id", "--from", "2007", "--out", out)
			if r.code != 1 || !strings.Contains(r.stderr, c.msg) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("got exit %d, stderr %q; want 1 and one line with %q", r.code, r.stderr, c.msg)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was written", out)
			}
		})
	}
	t.Run("ErrStatuteNoLanguage", func(t *testing.T) {
		idn := filepath.Join("..", "..", "ingest", "text", "testdata", "idn-law-21-2007.md")
		r := pactwatch(t, nil, "ingest", "text", idn, "--law", "idn/law-21-2007", "--state", "IDN", "--server", "http://127.0.0.1:1", "--key-file", "k")
		if r.code != 2 || !strings.Contains(r.stderr, "need --language and --from") {
			t.Errorf("got exit %d, stderr %q", r.code, r.stderr)
		}
	})
}

// An instrument's provisions go to a running server's write API as one
// draft of the curator whose key is given.
func TestIngestTextServer(t *testing.T) {
	c := servertest.NewCurationServer(t, pwserver.DefaultConfig())
	key := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(key, []byte(c.Curator+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	protocol := filepath.Join("..", "..", "ingest", "text", "testdata", "untoc-tip-protocol-2000.md")
	r := mustRun(t, "ingest", "text", protocol, "--instrument", "untoc-tip-protocol-2000", "--server", c.TS.URL, "--key-file", key,
		"--source", "Protocol, English text (statengeneraal/laws-markdown BWBV0001749)")
	if !strings.Contains(r.stdout, "wrote 64 provisions of untoc-tip-protocol-2000 to "+c.TS.URL+" as draft ") {
		t.Errorf("got %q", r.stdout)
	}
}

// A statute's provisions go to a running server's write API as one draft
// of STATUTE_PROVISION records, each held one at the version the server
// holds; an editor publishes it, and the texts are the ones read.
func TestIngestTextServerStatute(t *testing.T) {
	c := servertest.NewCurationServer(t, pwserver.DefaultConfig())
	key := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(key, []byte(c.Curator+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const heldID = "idn/law-21-2007/art_1/point_1"
	before := servertest.Version(t, c.TS, heldID)
	idn := filepath.Join("..", "..", "ingest", "text", "testdata", "idn-law-21-2007.md")
	r := mustRun(t, "ingest", "text", idn, "--law", "idn/law-21-2007", "--state", "IDN", "--server", c.TS.URL, "--key-file", key,
		"--language", "id", "--from", "2007-04-19", "--source", "UU 21/2007, test copy")
	m := regexp.MustCompile(`wrote (\d+) provisions of idn/law-21-2007 to \S+ as draft (\S+)`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("got %q, want the draft", r.stdout)
	}
	var drafts struct {
		Drafts []struct {
			ID          string
			RecordCount int
			Records     []struct {
				ID, Kind string
				Version  *string
			}
		}
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Curator, `{ drafts { id recordCount records(first: 500) { id kind version } } }`, nil), &drafts)
	if len(drafts.Drafts) != 1 || drafts.Drafts[0].ID != m[2] || strconv.Itoa(drafts.Drafts[0].RecordCount) != m[1] || drafts.Drafts[0].RecordCount < 100 {
		t.Fatalf("drafts: got %+v, want one draft %s of %s records", drafts.Drafts, m[2], m[1])
	}
	found := false
	for _, rec := range drafts.Drafts[0].Records {
		if rec.Kind != "STATUTE_PROVISION" {
			t.Errorf("%s: kind %s, want STATUTE_PROVISION", rec.ID, rec.Kind)
		}
		if rec.ID == heldID {
			found = rec.Version != nil && *rec.Version == before
		}
	}
	if !found || before == "" {
		t.Errorf("%s: want it in the draft at its held version %q", heldID, before)
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { publishDraft(id: $id) { published } }`, map[string]any{"id": m[2]}), &struct{}{})
	var got struct {
		Node struct {
			Version  string
			Versions []struct{ Text, Language, From string }
		}
	}
	servertest.MustData(t, servertest.Post(t, c.TS, `{ node(id: "`+heldID+`") { ... on StatuteProvision { version versions { text language from } } } }`, nil), &got)
	if got.Node.Version == before || len(got.Node.Versions) != 1 || got.Node.Versions[0].From != "2007-04-19" || !strings.Contains(got.Node.Versions[0].Text, "perekrutan") {
		t.Errorf("published %s: got %+v, want the text read, at a new version", heldID, got.Node)
	}
}

// suggest --accept N and --reject N decide on the server's own N-th
// suggestion, through its write API, as the key's curator.
func TestSuggestDecide(t *testing.T) {
	c := servertest.NewCurationServer(t, pwserver.DefaultConfig())
	key := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(key, []byte(c.Curator+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const pid = "untoc-tip-protocol-2000/art_6/para_3"
	r := mustRun(t, "suggest", "obligations", pid, "--accept", "1", "--message", "the duty read", "--server", c.TS.URL, "--key-file", key)
	if !regexp.MustCompile(`^accepted suggestion 1 as draft \S+: ` + regexp.QuoteMeta(pid) + `/obl_\d+ \(an editor publishes it\)\n$`).MatchString(r.stdout) {
		t.Errorf("accept: got %q", r.stdout)
	}
	r = mustRun(t, "suggest", "correspondences", "actip-2015/art_14/para_1", "--reject", "2", "--message", "not alike", "--server", c.TS.URL, "--key-file", key)
	if !strings.HasPrefix(r.stdout, "rejected suggestion 2 (actip-2015/art_14/para_1 ~ ") {
		t.Errorf("reject: got %q", r.stdout)
	}
	var acts struct {
		Acts []struct{ Actor, Act string }
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Admin, `{ acts(first: 2) { actor act } }`, nil), &acts)
	if len(acts.Acts) != 2 || acts.Acts[0].Act != "SUGGESTION_REJECTED" || acts.Acts[1].Act != "SUGGESTION_ACCEPTED" || acts.Acts[0].Actor != "carol" {
		t.Errorf("acts: got %+v", acts.Acts)
	}
	for _, x := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--accept", "1", "--reject", "2", "--message", "x"}, 2, "not both"},
		{[]string{"--accept", "1", "--message", "x"}, 2, "--server URL and --key-file"},
		{[]string{"--accept", "1", "--server", c.TS.URL, "--key-file", key}, 2, "--message"},
		{[]string{"--accept", "99", "--message", "x", "--server", c.TS.URL, "--key-file", key}, 1, "the server gives"},
	} {
		r := pactwatch(t, nil, append([]string{"suggest", "obligations", pid}, x.args...)...)
		if r.code != x.code || !strings.Contains(r.stderr, x.msg) {
			t.Errorf("%v: got exit %d, stderr %q; want %d and %q", x.args, r.code, r.stderr, x.code, x.msg)
		}
	}
}

// A statute provision the server holds keeps its versions when a text of
// it in another language is sent: the draft adds the version read.
func TestIngestTextServerStatuteKeepsVersions(t *testing.T) {
	c := servertest.NewCurationServer(t, pwserver.DefaultConfig())
	dir := t.TempDir()
	key := filepath.Join(dir, "key")
	if err := os.WriteFile(key, []byte(c.Curator+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "s42.txt")
	if err := os.WriteFile(in, []byte("Section 42\nTeks ujian seksyen empat puluh dua.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const id = "mys/act-670/sec_42"
	q := `{ node(id: "` + id + `") { ... on StatuteProvision { version versions { text language edition from until madeBy } } } }`
	type version struct{ Text, Language, Edition, From, MadeBy string }
	var before, after struct {
		Node struct {
			Version  string
			Versions []version
		}
	}
	servertest.MustData(t, servertest.Post(t, c.TS, q, nil), &before)
	r := mustRun(t, "ingest", "text", in, "--law", "mys/act-670", "--state", "MYS", "--server", c.TS.URL, "--key-file", key,
		"--language", "ms", "--edition", "UNOFFICIAL_TRANSLATION", "--from", "2008-02-28", "--source", "test copy")
	m := regexp.MustCompile(`as draft (\S+)`).FindStringSubmatch(r.stdout)
	if m == nil || len(before.Node.Versions) < 2 {
		t.Fatalf("got %q; held versions %+v", r.stdout, before.Node.Versions)
	}
	servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, `mutation($id: ID!) { publishDraft(id: $id) { published } }`, map[string]any{"id": m[1]}), &struct{}{})
	servertest.MustData(t, servertest.Post(t, c.TS, q, nil), &after)
	want := append(before.Node.Versions, version{Text: "Teks ujian seksyen empat puluh dua.", Language: "ms", Edition: "UNOFFICIAL_TRANSLATION", From: "2008-02-28", MadeBy: "as enacted"})
	if fmt.Sprint(after.Node.Versions) != fmt.Sprint(want) || after.Node.Version == before.Node.Version {
		t.Errorf("versions after: got %+v\nwant %+v", after.Node.Versions, want)
	}
}
