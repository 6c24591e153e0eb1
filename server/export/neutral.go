package export

import "strings"

// The one formula-neutralising rule: a field a spreadsheet would read
// that begins with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets show as text and never evaluate. Every
// cell of every format goes through safeCell; every "# key: value" line
// at the head of a CSV goes through safeLine, since a spreadsheet splits
// that line into fields at its commas (or semicolons, or tabs) too.

// formulaStart holds the characters a formula can begin with.
const formulaStart = "=+-@\t\r"

// safeCell neutralises one cell.
func safeCell(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// safeLine neutralises a line a spreadsheet reads unquoted: each field it
// would split out (at a comma, semicolon or tab), past its leading spaces
// and quotes, goes through the rule of safeCell.
func safeLine(s string) string {
	var b strings.Builder
	start := true // at the start of a field
	for i := 0; i < len(s); i++ {
		if start {
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '"') {
				j++
			}
			if j < len(s) && strings.IndexByte(formulaStart, s[j]) >= 0 {
				b.WriteString(s[i:j])
				b.WriteByte('\'')
				i = j
			}
			start = false
		}
		b.WriteByte(s[i])
		if s[i] == ',' || s[i] == ';' || s[i] == '\t' {
			start = true
		}
	}
	return b.String()
}
