package ingest_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pactwatch/pactwatch/ingest"
)

// TestHostileInput feeds one bad file, alongside the good corpus, and checks
// that it is refused with a problem at the right place.
func TestHostileInput(t *testing.T) {
	good := goodFS(t)
	xta := string(good["states/xta.yaml"].Data)
	actions := string(good["actions.csv"].Data)
	evidence := string(good["evidence.csv"].Data)
	tests := []struct {
		name     string
		file     string
		data     string
		wantAt   string // the problem's place, file:line
		wantText string
	}{
		{"ErrEmpty", "states/xta.yaml", "", "states/xta.yaml:1", "the file is empty"},
		{"ErrWhitespace", "states/xta.yaml", "  \n\t\n", "states/xta.yaml:1", "the file is empty"},
		{"ErrCommentsOnly", "states/xta.yaml", "# nothing yet\n", "states/xta.yaml:1", "the file is empty"},
		{"ErrBOMOnly", "states/xta.yaml", "\uFEFF\n", "states/xta.yaml:1", "the file is empty"},
		{"ErrEmptyCSV", "actions.csv", "\n", "actions.csv:1", "the file is empty"},
		{"ErrLatin1", "states/xta.yaml", strings.Replace(xta, "Test State A", "Test St\xe4te A", 1), "states/xta.yaml:5", "not valid UTF-8"},
		{"ErrFlowDepth", "states/xta.yaml", xta + "extra: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n", "states/xta.yaml:", "nest deeper than 32"},
		{"ErrTooLarge", "states/xta.yaml", xta + "# " + strings.Repeat("x", ingest.MaxFileBytes) + "\n", "states/xta.yaml", "larger than the limit"},
		{"ErrNULInCSVID", "evidence.csv", strings.Replace(evidence, "xtb/ev/report-2018,", "xtb/ev/report\x00-2018,", 1), "evidence.csv:2", "control character"},
		{"ErrNewlineInID", "states/xta.yaml", strings.Replace(xta, "id: XTA/test-conv-2015/signature", `id: "XTA/test-conv-2015/sig\nnature"`, 1), "states/xta.yaml:10", "control character"},
		{"ErrLongID", "states/xta.yaml", strings.Replace(xta, "id: XTA/test-conv-2015/signature", "id: XTA/test-conv-2015/"+strings.Repeat("s", 70000), 1), "states/xta.yaml:10", "longer than the limit of 256"},
		{"ErrJavascriptURL", "states/xta.yaml", strings.Replace(xta, `- citation: "Test source A"`, `- citation: "Test source A"`+"\n        url: javascript:alert(1)", 1), "states/xta.yaml:", `source url "javascript:alert(1)": want an http or https URL`},
		{"ErrDataURLInCSV", "actions.csv", strings.Replace(actions, "https://example.org/c", "data:text/html,x", 1), "actions.csv:2", "want an http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range good {
				fsys[k] = v
			}
			fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, err := ingest.ParseFS(fsys, ".")
			var probs ingest.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("got %v, want problems", err)
			}
			for _, p := range probs {
				if strings.HasPrefix(p.String(), tt.wantAt) && strings.Contains(p.Message, tt.wantText) {
					return
				}
			}
			t.Errorf("got problems\n%v\nwant one at %s saying %q", err, tt.wantAt, tt.wantText)
		})
	}
}

func TestBOMAccepted(t *testing.T) {
	fsys := goodFS(t)
	for _, name := range []string{"states/xta.yaml", "actions.csv"} {
		fsys[name] = &fstest.MapFile{Data: append([]byte("\uFEFF"), fsys[name].Data...)}
	}
	mustParse(t, fsys)
}
