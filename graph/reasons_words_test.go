package graph

import (
	"slices"
	"strings"
	"testing"
)

// TestReasonWordsOfEnums: reasons name an evidence kind in lower case and a
// review method in words, each from one table; the table holds both only
// while no value is of both enums.
func TestReasonWordsOfEnums(t *testing.T) {
	for _, k := range EvidenceKinds {
		if slices.Contains(ReviewMethods, ReviewMethod(k)) {
			t.Fatalf("%s is an evidence kind and a review method: enumWords cannot hold both words", k)
		}
		if got, want := lowerKind(k), strings.ToLower(string(k)); got != want {
			t.Errorf("lowerKind(%s) = %q, want %q", k, got, want)
		}
	}
	for _, m := range ReviewMethods {
		if got, want := methodWords(m), strings.ToLower(strings.ReplaceAll(string(m), "_", " ")); got != want {
			t.Errorf("methodWords(%s) = %q, want %q", m, got, want)
		}
	}
}
