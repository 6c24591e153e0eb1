package main

import (
	"github.com/pactwatch/pactwatch/graph"
)

// knownAtFlag is the --known-at flag gaps, compare and search share: the
// moment whose graph they read, as GraphQL's knownAt.
func knownAtFlag(f *flags) *string {
	return f.String("known-at", "", "answer as the graph knew it by the end of this day or time, UTC unless an offset is named: 2026-11-27 (the whole day), 2026-11-27T10:00 (the whole minute) or 2026-11-27T10:00:05Z (default now)")
}

// parseKnownAt checks a --known-at value: nil for "", else the moment.
func parseKnownAt(cmd, v string) (*graph.Moment, error) {
	if v == "" {
		return nil, nil
	}
	m, err := graph.ParseMoment(v)
	if err != nil {
		return nil, usageErrorf("%s: --known-at: %s", cmd, graph.ErrorMessage(err))
	}
	return &m, nil
}

// knownWords says, after a date, at which moment the graph was read: ""
// for now, else ", as the graph knew it at MOMENT".
func knownWords(vars map[string]any) string {
	if v, ok := vars["knownAt"].(string); ok && v != "" {
		return ", as the graph knew it at " + v
	}
	return ""
}

// todayAt is the day an as-of date left out means: today, or the
// --known-at moment's day, as the GraphQL queries take it.
func todayAt(vars map[string]any) graph.Date {
	if v, ok := vars["knownAt"].(string); ok {
		if m, err := graph.ParseMoment(v); err == nil {
			return graph.DateOf(m.End())
		}
	}
	return graph.Today()
}
