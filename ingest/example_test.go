package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"testing/fstest"

	"github.com/pactwatch/pactwatch/ingest"
)

// A researcher's file with two mistakes: every problem is reported with its
// file, line, column and field, and checking the corpus alone (no store)
// adds the reference that resolves nowhere.
func ExampleParseFS() {
	fsys := fstest.MapFS{"states/xtc.yaml": {Data: []byte(`state:
  code: XTC
  name: Test State C
  sources:
    - citation: "Test source"
laws:
  - id: xtc/law-1-2007
    title: Test Act
    kind: STATUTE
    enacted: 2007-13-01
    sources:
      - citation: "Test source"
    implements:
      - obligation: test-conv-2015/art_1/obl_1
        extent: COMPLETE
        sources:
          - citation: "Test source"
`)}}
	c, err := ingest.ParseFS(fsys, ".")
	fmt.Println(err)
	fmt.Println("--- with references:")
	err = ingest.Check(context.Background(), nil, c)
	var ps ingest.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Println(p)
		}
	}
	// Output:
	// states/xtc.yaml:10:14: laws[0].enacted: invalid date "2007-13-01": want YYYY-MM-DD, YYYY-MM or YYYY
	// states/xtc.yaml:15:17: laws[0].implements[0].extent: invalid extent "COMPLETE": want one of FULL, PARTIAL
	// --- with references:
	// states/xtc.yaml:10:14: laws[0].enacted: invalid date "2007-13-01": want YYYY-MM-DD, YYYY-MM or YYYY
	// states/xtc.yaml:14:21: laws[0].implements[0].obligation: no obligation "test-conv-2015/art_1/obl_1" in the fixtures or the store
	// states/xtc.yaml:15:17: laws[0].implements[0].extent: invalid extent "COMPLETE": want one of FULL, PARTIAL
}
