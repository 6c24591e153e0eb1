package main_test

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the generated blocks of README.md")

const readmePath = "../../README.md"

// readmeBlockRE matches a generated block of README.md: a marker comment
// that says what to run, the fenced output, and an end marker.
//
//	<!-- readme:run gaps IDN --as-of 2020-01-01 -->   runs pactwatch with these arguments
//	<!-- readme:query -->                             runs the ```graphql block just above
var readmeBlockRE = regexp.MustCompile("(?s)<!-- readme:(run [^>]*|query) -->\n```(\\w*)\n.*?```\n<!-- readme:end -->")

var graphqlBlockRE = regexp.MustCompile("(?s)```graphql\n(.*?)```\n")

// TestREADME runs every example of README.md against the embedded fixtures
// and checks that the README shows its real output. After a change to the
// fixtures, the schema or the CLI, regenerate the blocks with
//
//	go test ./cmd/pactwatch -run TestREADME -update-readme
func TestREADME(t *testing.T) {
	src, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(src)
	db := fixtureDB(t)
	var out strings.Builder
	blocks, done, failed := 0, 0, false
	for _, m := range readmeBlockRE.FindAllStringSubmatchIndex(readme, -1) {
		blocks++
		start, end := m[0], m[1]
		what, lang := readme[m[2]:m[3]], readme[m[4]:m[5]]
		out.WriteString(readme[done:start])
		done = end
		var args []string
		if cmd, ok := strings.CutPrefix(what, "run "); ok {
			args = strings.Fields(cmd)
		} else {
			// The query is the ```graphql block that ends right above.
			before := readme[:start]
			all := graphqlBlockRE.FindAllStringSubmatchIndex(before, -1)
			if len(all) == 0 || all[len(all)-1][1] != len(before) {
				t.Errorf("README block %d: readme:query with no ```graphql block right above it", blocks)
				failed = true
				continue
			}
			last := all[len(all)-1]
			args = []string{"query", before[last[2]:last[3]]}
		}
		r := pactwatch(t, nil, append(args, "--db", db)...)
		if r.code != 0 {
			t.Errorf("README block %d: pactwatch %s: exit %d\n%s%s", blocks, strings.Join(args, " "), r.code, r.stdout, r.stderr)
			failed = true
			continue
		}
		out.WriteString("<!-- readme:" + what + " -->\n```" + lang + "\n" + r.stdout + "```\n<!-- readme:end -->")
	}
	out.WriteString(readme[done:])
	if blocks == 0 {
		t.Fatal("README.md has no generated blocks")
	}
	if failed || out.String() == readme {
		return
	}
	if *updateReadme {
		if err := os.WriteFile(readmePath, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %d blocks of README.md", blocks)
		return
	}
	t.Errorf("README.md shows output that the fixtures no longer give; regenerate it with\n\tgo test ./cmd/pactwatch -run TestREADME -update-readme\nand review the diff")
}
