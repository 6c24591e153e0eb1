// Package ingest turns the fixture files (YAML instruments and states, CSV
// action and evidence tables) into graph nodes and loads them into a
// graph.Store as one atomic batch.
//
// Parsing is pure: ParseFS and ParsePaths read files into a Corpus and report
// every problem they find with its file, line, column and field, so that a
// researcher editing the YAML by hand can fix them all in one pass. Load and
// Check then validate the corpus against the store (references may point at
// nodes already stored) and Load writes it with one graph.Batch whose Replace
// names the corpus's files, so that loading a changed file leaves no stale
// records or edges behind.
package ingest
