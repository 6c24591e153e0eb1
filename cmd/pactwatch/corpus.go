package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pactwatch/pactwatch/fixtures"
	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/ingest"
)

// loadEmbedded loads the embedded corpus into the store in dir through the
// normal ingest path, after checking the disk has room for it, and records
// its hash in the store.
func loadEmbedded(ctx context.Context, s *store.Store, dir string) (*graph.ApplyResult, error) {
	if s.ReadOnlyMode() {
		return nil, fmt.Errorf("the store in %s is read-only and holds no records: load it with 'pactwatch ingest' where it can be written", dir)
	}
	if err := checkFreeSpace(dir, 4*embeddedSize()); err != nil {
		return nil, err
	}
	hash, err := ingest.EmbeddedHash()
	if err != nil {
		return nil, fmt.Errorf("reading the embedded fixtures: %s", describeError(err))
	}
	res, err := ingest.LoadEmbedded(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("loading the embedded fixtures: %s", describeError(err))
	}
	if err := s.SetEmbeddedCorpus(ctx, hash); err != nil {
		return nil, fmt.Errorf("recording the embedded corpus: %v", err)
	}
	return res, nil
}

// embeddedSize returns the bytes of the embedded fixture files.
func embeddedSize() int64 {
	var n int64
	_ = fs.WalkDir(fixtures.FS, ".", func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// syncEmbedded compares the embedded corpus with the one the store was last
// loaded with. When they differ it says so and, if the store holds nothing
// but the embedded corpus (every record from an embedded file, and no write
// of its own since), reloads it through the normal ingest path; otherwise
// it only warns. A store made before the corpus was recorded counts as
// changed, so that it is brought up to date when it can be.
func syncEmbedded(ctx context.Context, s *store.Store, dir string, log *slog.Logger) error {
	hash, err := ingest.EmbeddedHash()
	if err != nil {
		return fmt.Errorf("reading the embedded fixtures: %s", describeError(err))
	}
	stored, own, err := s.EmbeddedCorpus(ctx)
	if err != nil {
		return fmt.Errorf("reading the store: %v", err)
	}
	if stored == hash {
		log.Info("the store holds the embedded corpus of this binary", "corpus", short(hash))
		return nil
	}
	why, err := ownRecords(ctx, s, own)
	if err != nil {
		return err
	}
	if why == "" && s.ReadOnlyMode() {
		why = "the store is open read-only"
	}
	if why != "" {
		log.Warn("the embedded corpus differs from the one this store was loaded with; not reloading it: "+why+
			"; to load it, run 'pactwatch ingest --db DIR fixtures/' with this version's fixtures",
			"db", dir, "stored_corpus", short(stored), "embedded_corpus", short(hash))
		return nil
	}
	log.Warn("the embedded corpus differs from the one this store was loaded with, and the store holds nothing else: reloading it",
		"db", dir, "stored_corpus", short(stored), "embedded_corpus", short(hash))
	res, err := loadEmbedded(ctx, s, dir)
	if err != nil {
		return fmt.Errorf("reloading the embedded corpus: %w", err)
	}
	log.Info("reloaded the embedded corpus", "added", len(res.Added), "changed", len(res.Changed), "removed", len(res.Removed), "unchanged", res.Unchanged)
	return nil
}

// ownRecords says why the store holds more than the embedded corpus, or ""
// when it holds nothing else.
func ownRecords(ctx context.Context, s *store.Store, ownWrites bool) (string, error) {
	if ownWrites {
		return "it has taken loads of other files ('pactwatch ingest')", nil
	}
	embedded, err := ingest.EmbeddedOrigins()
	if err != nil {
		return "", fmt.Errorf("reading the embedded fixtures: %s", describeError(err))
	}
	known := map[string]bool{}
	for _, o := range embedded {
		known[o] = true
	}
	origins, unsourced, err := s.Origins(ctx)
	if err != nil {
		return "", fmt.Errorf("reading the store: %v", err)
	}
	for _, o := range origins {
		if !known[o] {
			return fmt.Sprintf("it holds records from %s, which is not an embedded file", o), nil
		}
	}
	if unsourced > 0 {
		return fmt.Sprintf("it holds %d records from no file", unsourced), nil
	}
	return "", nil
}

func short(hash string) string {
	if hash == "" {
		return "none recorded"
	}
	return hash[:min(12, len(hash))]
}
