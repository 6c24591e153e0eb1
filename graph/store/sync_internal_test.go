package store

import (
	"context"
	"path/filepath"
	"testing"
)

// A store on disk syncs every write before it is acknowledged.
func TestWritesSynced(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.db.Opts().SyncWrites {
		t.Error("got SyncWrites false, want every write synced before it is acknowledged")
	}
}
