package graph_test

import (
	"testing"

	"github.com/pactwatch/pactwatch/graph"
)

// TestHistoryView: under the roles setting a reader without an editor's
// key sees each author as its key's role, in the author and in a published
// draft's mark; an editor, an admin, or anyone under full sees the names.
func TestHistoryView(t *testing.T) {
	roles := map[string]graph.Role{"cora": graph.RoleCurator, "ed": graph.RoleEditor}
	roleOf := func(n string) (graph.Role, bool) { r, ok := roles[n]; return r, ok }
	c := &graph.RecordChange{Author: "ed", Message: "fix [draft d-1 by cora]"}
	for _, tc := range []struct {
		name            string
		vis             graph.HistoryVisibility
		key             *graph.APIKey
		author, message string
	}{
		{"AnonymousRoles", graph.HistoryRoles, nil, "editor", "fix [draft d-1 by curator]"},
		{"CuratorRoles", graph.HistoryRoles, &graph.APIKey{Name: "cora", Role: graph.RoleCurator}, "editor", "fix [draft d-1 by curator]"},
		{"EditorRoles", graph.HistoryRoles, &graph.APIKey{Name: "ed", Role: graph.RoleEditor}, "ed", "fix [draft d-1 by cora]"},
		{"AdminRoles", graph.HistoryRoles, &graph.APIKey{Name: "ada", Role: graph.RoleAdmin}, "ed", "fix [draft d-1 by cora]"},
		{"AnonymousFull", graph.HistoryFull, nil, "ed", "fix [draft d-1 by cora]"},
	} {
		got := graph.ViewOfHistory(tc.vis, tc.key, roleOf).Change(c)
		if got.Author != tc.author || got.Message != tc.message {
			t.Errorf("%s: got %q %q, want %q %q", tc.name, got.Author, got.Message, tc.author, tc.message)
		}
	}
	if c.Author != "ed" {
		t.Errorf("the change itself was altered: %q", c.Author)
	}
	view := graph.ViewOfHistory(graph.HistoryRoles, nil, roleOf)
	if got := view.Author("ingest"); got != "ingest" {
		t.Errorf("the operator's load: got %q, want ingest", got)
	}
	if got := view.Author("someone"); got != "key" {
		t.Errorf("a name that is no key's: got %q, want key", got)
	}
}
