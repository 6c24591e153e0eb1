//go:build linux

package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeDiskFills fills the disk while serve takes applyChanges, one
// after another: every write is acknowledged or refused with
// INSUFFICIENT_STORAGE, never a crash or a dropped connection; reads go on
// while the disk is full; writes go on once there is room; and after a
// restart every acknowledged write is there.
func TestServeDiskFills(t *testing.T) {
	t.Parallel() // stores of its own only (see fixtureDB)
	disk := smallDisk(t, "640m")
	db := filepath.Join(disk, "db")
	secret := strings.TrimSpace(mustRun(t, "keys", "create", "--role", "editor", "--name", "ed", "--db", db).stdout)
	env := testEnv(t)
	s := launchServe(t, env, "--db", db)

	const mutation = `mutation($input: ChangesInput!) { applyChanges(input: $input) { published added } }`
	write := func(id string) map[string]any {
		ev := map[string]any{
			"ID": id, "StateCode": "IDN", "Kind": "NEWS", "Date": "2021-03-01", "Finding": "MIXED",
			"Summary": "A report written while the disk fills.", "Themes": []string{"PROSECUTION"},
			"Sources": []any{map[string]any{"Citation": "Test news, 2021", "URL": "https://example.org/news"}},
		}
		return gql(t, s.addr, secret, mutation, map[string]any{"input": map[string]any{
			"message": "disk test", "publish": true, "put": []any{map[string]any{"kind": "EVIDENCE", "record": ev}}}})
	}
	var acked []string
	refused := 0
	filled := make(chan string, 1)
	for i := 0; i < 200 && refused < 3; i++ {
		if i == 3 {
			// The disk fills while the writes go on.
			go func() { filled <- fillDisk(disk) }()
		}
		id := fmt.Sprintf("idn/ev/disk-%d", i)
		resp := write(id)
		switch code := errCode(resp); code {
		case "":
			acked = append(acked, id)
		case "INSUFFICIENT_STORAGE":
			refused++
		default:
			t.Fatalf("write %d: got %v, want it acknowledged or INSUFFICIENT_STORAGE", i, resp)
		}
	}
	filler := <-filled
	if refused == 0 {
		t.Fatalf("no write was refused on a full disk (%d acknowledged)", len(acked))
	}
	// Reads go on.
	if got := gql(t, s.addr, "", `{ changes(record: "idn/ev/disk-0") { edges { node { author } } } }`, nil); errCode(got) != "" || !strings.Contains(fmt.Sprint(got), "ed") {
		t.Errorf("a read on a full disk: got %v", got)
	}
	// Room again: writes go on.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if resp := write("idn/ev/disk-after"); errCode(resp) != "" {
		t.Fatalf("a write with room again: got %v", resp)
	}
	acked = append(acked, "idn/ev/disk-after")
	if err := s.stop(t); err != nil {
		t.Fatalf("serve: %v", err)
	}

	s = launchServe(t, env, "--db", db)
	defer s.stop(t)
	for _, id := range acked {
		got := gql(t, s.addr, "", `query($id: ID!) { changes(record: $id) { edges { node { author } } } }`, map[string]any{"id": id})
		if !strings.Contains(fmt.Sprint(got), "author:ed") {
			t.Errorf("acknowledged %s: after a restart got %v", id, got)
		}
	}
	t.Logf("%d writes acknowledged, %d refused with INSUFFICIENT_STORAGE, all there after a restart", len(acked), refused)
}
