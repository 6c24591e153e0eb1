package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
	"unicode/utf8"
)

func gapsLikeTable() *fitTable {
	t := newFitTable(column{head: "OBLIGATION"}, column{head: "PROVISION", min: 12}, column{head: "LEGAL"},
		column{head: "SUMMARY", pipe: 30, min: 20})
	t.add("actip-2015/art_5/obl_1", "ACTIP Article 5", "PARTIAL", "Make trafficking in persons, as the Convention defines it, a criminal offence when committed intentionally.")
	t.add("actip-2015/art_14/para_7/obl_1", "ACTIP Article 14(7)", "NONE", "Do not hold victims criminally or administratively liable for unlawful acts they committed as a direct consequence of having been trafficked.")
	t.addNote("reviewed, none found: IDN/review/2019; read Law 21/2007 Articles 1-67 and its elucidation",
		"", "  reviewed, none found: IDN/review/2019", "", "read Art. 14")
	return t
}

func write(t *testing.T, ft *fitTable, width int) string {
	t.Helper()
	var b bytes.Buffer
	if err := ft.write(&b, width); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestFitTable(t *testing.T) {
	t.Run("OKUnfittedIsTabwriter", func(t *testing.T) {
		got := write(t, gapsLikeTable(), 0)
		// What the commands printed before tables were fitted: tabwriter,
		// the summary cut to its pipe limit.
		var want bytes.Buffer
		tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', 0)
		tw.Write([]byte("OBLIGATION\tPROVISION\tLEGAL\tSUMMARY\n"))
		tw.Write([]byte("actip-2015/art_5/obl_1\tACTIP Article 5\tPARTIAL\t" + truncate("Make trafficking in persons, as the Convention defines it, a criminal offence when committed intentionally.", 30) + "\n"))
		tw.Write([]byte("actip-2015/art_14/para_7/obl_1\tACTIP Article 14(7)\tNONE\t" + truncate("Do not hold victims criminally or administratively liable for unlawful acts they committed as a direct consequence of having been trafficked.", 30) + "\n"))
		tw.Write([]byte("\t  reviewed, none found: IDN/review/2019\t\tread Art. 14\n"))
		tw.Flush()
		if got != want.String() {
			t.Errorf("got\n%s\nwant\n%s", got, want.String())
		}
	})

	t.Run("OKWideTerminalShowsCellsInFull", func(t *testing.T) {
		got := write(t, gapsLikeTable(), 300)
		if !strings.Contains(got, "having been trafficked.") || strings.Contains(got, "…") {
			t.Errorf("at 300 columns: got\n%s\nwant every cell in full", got)
		}
	})

	for _, width := range []int{120, 100, 80} {
		t.Run("OKFitsWidth/"+strconv.Itoa(width), func(t *testing.T) {
			got := write(t, gapsLikeTable(), width)
			for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
				if n := utf8.RuneCountInString(line); n > width {
					t.Errorf("line of %d characters at width %d: %q", n, width, line)
				}
				if strings.HasSuffix(line, " ") {
					t.Errorf("trailing space: %q", line)
				}
			}
			// Ids are never cut; the summary is, with an ellipsis.
			for _, id := range []string{"actip-2015/art_5/obl_1", "actip-2015/art_14/para_7/obl_1"} {
				if !strings.Contains(got, id) {
					t.Errorf("width %d: the id %s was cut:\n%s", width, id, got)
				}
			}
			if !strings.Contains(got, "…") {
				t.Errorf("width %d: got nothing cut:\n%s", width, got)
			}
			// The note is whole, on lines of its own under its row.
			if note := strings.Join(strings.Fields(got[strings.Index(got, "reviewed, none found"):]), " "); note != "reviewed, none found: IDN/review/2019; read Law 21/2007 Articles 1-67 and its elucidation" {
				t.Errorf("width %d: got the note %q, want it whole", width, note)
			}
			// Columns stay aligned: every row's LEGAL cell starts where its heading does.
			lines := strings.Split(got, "\n")
			col := strings.Index(lines[0], "LEGAL")
			for _, l := range lines[1:3] {
				if r := []rune(l); len(r) <= col || (string(r[col:col+4]) != "PART" && string(r[col:col+4]) != "NONE") {
					t.Errorf("width %d: row %q not aligned at column %d", width, l, col)
				}
			}
		})
	}

	t.Run("OKHeadingsWrapBeforeCellsAreCut", func(t *testing.T) {
		ft := newFitTable(column{head: "STATE"}, column{head: "NAME", min: 3}, column{head: "NOT IMPLEMENTED"}, column{head: "STANDING NOT KNOWN"})
		ft.add("IDN", "Indonesia", "5", "0")
		ft.add("BRN", "Brunei Darussalam", "0", "12")
		// 61 wide unfitted; at 50 the headings wrap and no name is cut.
		got := write(t, ft, 50)
		want := "" +
			"STATE  NAME               NOT           STANDING\n" +
			"                          IMPLEMENTED   NOT KNOWN\n" +
			"IDN    Indonesia          5             0\n" +
			"BRN    Brunei Darussalam  0             12\n"
		if got != want {
			t.Errorf("at 50 columns: got\n%s\nwant\n%s", got, want)
		}
		// At 40 the headings are at their longest words, and the names are cut.
		got = write(t, ft, 40)
		want = "" +
			"STATE  NAME        NOT          STANDING\n" +
			"                   IMPLEMENTED  NOT\n" +
			"                                KNOWN\n" +
			"IDN    Indonesia   5            0\n" +
			"BRN    Brunei Da…  0            12\n"
		if got != want {
			t.Errorf("at 40 columns: got\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("OKTooNarrowKeepsFloors", func(t *testing.T) {
		got := write(t, gapsLikeTable(), 20)
		if !strings.Contains(got, "actip-2015/art_14/para_7/obl_1") || !strings.Contains(got, "ACTIP Artic…") {
			t.Errorf("at 20 columns: got\n%s\nwant the ids whole and the cut columns at their floors", got)
		}
	})
}

func TestWrapWords(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  []string
	}{
		{"RATE (REVIEWED)", 10, []string{"RATE", "(REVIEWED)"}},
		{"NOT IMPLEMENTED", 20, []string{"NOT IMPLEMENTED"}},
		{"a verylongword b", 4, []string{"a", "verylongword", "b"}},
	} {
		if got := wrapWords(tc.in, tc.width); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrapWords(%q, %d): got %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

func TestOutputWidth(t *testing.T) {
	env := func(columns string) *env {
		return &env{stdout: &bytes.Buffer{}, getenv: func(k string) string {
			if k == "COLUMNS" {
				return columns
			}
			return ""
		}}
	}
	if got := outputWidth(env("100")); got != 0 {
		t.Errorf("output to a buffer with COLUMNS=100: got width %d, want 0 (not a terminal: never fitted)", got)
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e := env("100")
	e.stdout = f
	if got := outputWidth(e); got != 0 {
		t.Errorf("output to a file with COLUMNS=100: got width %d, want 0", got)
	}
}
