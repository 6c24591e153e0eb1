package resolvers_test

import (
	"fmt"
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// BenchmarkApplyChanges measures write throughput through the mutation
// path over HTTP: each operation publishes one batch of 50 new evidence
// records with an editor key (decode, the ingest checks, Apply with its
// change log). It reports records/s.
func BenchmarkApplyChanges(b *testing.B) {
	cfg := server.DefaultConfig()
	cfg.WriteRate, cfg.RecordRate = 0, 0
	benchApply(b, servertest.NewCurationServer(b, cfg))
}

// BenchmarkApplyChangesOnDisk is BenchmarkApplyChanges over a store on
// disk, where an acknowledged write is synced first.
func BenchmarkApplyChangesOnDisk(b *testing.B) {
	cfg := server.DefaultConfig()
	cfg.WriteRate, cfg.RecordRate = 0, 0
	benchApply(b, onDiskCurationServer(b, cfg))
}

func benchApply(b *testing.B, c *servertest.CurationServer) {
	const perBatch = 50
	n := 0
	for b.Loop() {
		recs := make([]map[string]any, perBatch)
		for i := range recs {
			recs[i] = servertest.NewEvidence(fmt.Sprintf("idn/ev/bench-%d", n))
			n++
		}
		r := servertest.PostKey(b, c.TS, c.Editor, servertest.ApplyMutation, servertest.Batch("bench", true, recs...))
		if len(r.Errors) > 0 {
			b.Fatalf("got errors %s", r.Raw)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
