package export

import "testing"

// TestSafeCell is internal: no fixture holds a formula, so the public
// surface cannot show the neutralising of every case.
func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1":                "'+1",
		"-2":                "'-2",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tx":               "'\tx",
		"\rx":               "'\rx",
		"IDN":               "IDN",
		"":                  "",
		"a=b":               "a=b",
	} {
		if got := safeCell(in); got != want {
			t.Errorf("safeCell(%q): got %q, want %q", in, got, want)
		}
	}
}

// TestSafeLine: each field a spreadsheet splits out of a "# " line is
// neutralised as a cell is.
func TestSafeLine(t *testing.T) {
	for in, want := range map[string]string{
		"# query: x,=cmd|' /C calc'!A0":      "# query: x,'=cmd|' /C calc'!A0",
		`# title: Search for "x, "=1+1"`:     `# title: Search for "x, "'=1+1"`,
		"# a: b;@SUM(A1)\t+1":                "# a: b;'@SUM(A1)\t'+1",
		"# as of: 2018-01-01, basis LAW":     "# as of: 2018-01-01, basis LAW",
		"# cite this: pactwatch, \"x\", -1.": "# cite this: pactwatch, \"x\", '-1.",
	} {
		if got := safeLine(in); got != want {
			t.Errorf("safeLine(%q): got %q, want %q", in, got, want)
		}
	}
}
