package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestGapsChartDrawsTheAPIsCounts: the desk's gaps-over-time chart draws,
// for each year end, the counts the API answers (compare's bound, gaps,
// gapsAtMost and standingUnknown) and derives none of them; every year is
// drawn, as a point or as missing.
func TestGapsChartDrawsTheAPIsCounts(t *testing.T) {
	requireChromium(t)
	if testing.Short() {
		t.Skip("skipping the browser test in -short mode")
	}
	artifacts := artifactsDir(t)
	base := startServe(t, buildBinary(t))
	ctx, exceptions := newBrowser(t)
	defer exceptions.check(t)
	type point struct{ Bound, Gaps, GapsAtMost, StandingUnknown int }
	for _, code := range []string{"IDN", "PHL", "MMR"} {
		t.Run(code, func(t *testing.T) {
			run(t, ctx, chromedp.Navigate(base+"/?page=state&code="+code+"&asOf=2020-01-01"))
			waitFor(t, ctx, fmt.Sprintf(`(document.body.dataset.page || "").startsWith("state:%s")`, code))
			waitFor(t, ctx, `document.querySelectorAll("#gaps-chart [data-year]").length > 10`)
			var drawn map[string]point
			js := run(t, ctx, chromedp.Evaluate[string](`JSON.stringify(Object.fromEntries(Array.from(document.querySelectorAll("#gaps-chart circle[data-year]")).map(c =>
				[c.dataset.year, {Bound: +c.dataset.bound, Gaps: +c.dataset.gaps, GapsAtMost: +c.dataset.gapsAtMost, StandingUnknown: +c.dataset.standingUnknown}])))`))
			if err := json.Unmarshal([]byte(js), &drawn); err != nil {
				t.Fatal(err)
			}
			missing := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#gaps-chart [data-missing]").length`))
			first := 2004
			last := run(t, ctx, chromedp.Evaluate[int](`new Date().getFullYear()`))
			if got, want := len(drawn)+missing, last-first+1; got != want {
				t.Errorf("years drawn: got %d points and %d missing, want %d years", len(drawn), missing, want)
			}
			if run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#gaps-chart path.band.not-known").length`)) == 0 {
				t.Errorf("no band for what is not known")
			}
			png := run(t, ctx, chromedp.Screenshot(chromedp.CSS("#gaps-chart")))
			if err := os.WriteFile(filepath.Join(artifacts, "desk-gaps-"+code+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, y := range []int{2008, 2015, 2019, last} {
				var ans struct{ Compare []point }
				gqlKey(t, base, "", fmt.Sprintf(`{ compare(states: ["%s"], asOf: "%d-12-31") { bound gaps gapsAtMost standingUnknown } }`, code, y), &ans)
				if len(ans.Compare) != 1 {
					t.Fatalf("%d: the API answered %d rows", y, len(ans.Compare))
				}
				got, ok := drawn[strconv.Itoa(y)]
				if !ok {
					t.Errorf("%d: not drawn, the API answers %+v", y, ans.Compare[0])
					continue
				}
				if got != ans.Compare[0] {
					t.Errorf("%d: drawn %+v, the API answers %+v", y, got, ans.Compare[0])
				}
			}
		})
	}
}
