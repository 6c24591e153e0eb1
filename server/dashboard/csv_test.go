package dashboard_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"testing"
)

// TestCSVCellNeutralisesFormulas runs the dashboard's csvCell, the one
// function every CSV export of the page (matrix, heatmap) goes through,
// under Node.
func TestCSVCellNeutralisesFormulas(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	src, err := os.ReadFile("assets/app.js")
	if err != nil {
		t.Fatal(err)
	}
	fn := regexp.MustCompile(`(?s)\n  const csvCell = .*?\n  };\n`).Find(src)
	if fn == nil {
		t.Fatal("app.js has no csvCell function")
	}
	tests := map[string]string{
		`=HYPERLINK("https://evil.example","x")`: `"'=HYPERLINK(""https://evil.example"",""x"")"`,
		"+1":                                     "'+1",
		"-2":                                     "'-2",
		"@SUM(A1)":                               "'@SUM(A1)",
		"\tx":                                    "'\tx",
		"\rx":                                    "\"'\rx\"",
		"Indonesia":                              "Indonesia",
		"a, b":                                   `"a, b"`,
		"2017-03-08":                             "2017-03-08",
		"":                                       "",
	}
	inputs := []string{}
	for in := range tests {
		inputs = append(inputs, in)
	}
	js, _ := json.Marshal(inputs)
	out, err := exec.Command(node, "-e", string(fn)+"\nconsole.log(JSON.stringify("+string(js)+".map(csvCell)));").Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node printed %q: %v", out, err)
	}
	for i, in := range inputs {
		if got[i] != tests[in] {
			t.Errorf("csvCell(%q): got %q, want %q", in, got[i], tests[in])
		}
	}
}
