package store

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/pactwatch/pactwatch/graph"
)

func TestAuditKey(t *testing.T) {
	for _, seq := range []uint64{0, 1, 255, 256, 1 << 40, ^uint64(0)} {
		got, err := parseAuditKey(auditKey(seq))
		if err != nil || got != seq {
			t.Errorf("round trip of %d: got %d, %v", seq, got, err)
		}
	}
	if bytes.Compare(auditKey(255), auditKey(256)) >= 0 {
		t.Error("audit keys do not sort by seq")
	}
	if _, err := parseAuditKey(apiKeyKey("ada")); err == nil {
		t.Error("an API key's key parsed as an audit key")
	}
}

// Keys made and revoked through the store (the CLI) are audited, in the
// key's own transaction, by the actor the context names.
func TestKeyActs(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	secret, _, err := s.CreateAPIKey(ctx, "cleo", graph.RoleCurator)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RevokeAPIKey(graph.WithActor(ctx, "ada"), "cleo"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RevokeAPIKey(ctx, "cleo"); err != nil { // again: no new act
		t.Fatal(err)
	}
	acts, err := s.Acts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 2 {
		t.Fatalf("got %d acts, want 2", len(acts))
	}
	if acts[0].Act != graph.ActKeyRevoked || acts[0].Actor != "ada" || acts[1].Act != graph.ActKeyCreated || acts[1].Actor != "" {
		t.Errorf("got %+v %+v, want the revocation by ada after the creation by the operator", acts[0], acts[1])
	}
	for _, a := range acts {
		for _, v := range a.Details {
			if bytes.Contains([]byte(v), []byte(secret)) {
				t.Errorf("act %+v holds the secret", a)
			}
		}
	}
}
