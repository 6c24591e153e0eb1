package export

import "testing"

// TestSafeCell is internal: no fixture holds a formula, so the public
// surface cannot show the neutralising.
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
