package engine

import (
	"context"
	"sync"

	"github.com/pactwatch/pactwatch/graph"
)

// keyLister is what a view of the history needs of the store: its keys,
// to show each author as its key's role.
type keyLister interface {
	APIKeys(ctx context.Context) ([]*graph.APIKey, error)
}

// HistoryView is the view of the change history (graph.ViewOfHistory)
// that a reader holding key (nil for none) gets under vis, with the roles
// of the store's keys read once, when the view first needs them. Every
// surface of the history takes its view here.
func HistoryView(ctx context.Context, store graph.Store, vis graph.HistoryVisibility, key *graph.APIKey) graph.HistoryView {
	var once sync.Once
	roles := map[string]graph.Role{}
	roleOf := func(name string) (graph.Role, bool) {
		once.Do(func() {
			kl, ok := store.(keyLister)
			if !ok {
				return
			}
			keys, err := kl.APIKeys(context.WithoutCancel(ctx))
			if err != nil {
				return
			}
			for _, k := range keys {
				roles[k.Name] = k.Role
			}
		})
		r, ok := roles[name]
		return r, ok
	}
	return graph.ViewOfHistory(vis, key, roleOf)
}
