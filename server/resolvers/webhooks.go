package resolvers

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/guard"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// webhookStore returns the store of the webhook registrations, or EINVALID
// for a store that keeps none.
func (r *Resolver) webhookStore() (webhook.Store, error) {
	if r.hooks == nil {
		return nil, graph.Errorf(graph.EINVALID, "this store keeps no webhooks")
	}
	return r.hooks.Store(), nil
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optTime(t time.Time) *graph.Moment {
	if t.IsZero() {
		return nil
	}
	m := graph.MomentOf(t)
	return &m
}

// actLog is what the acts field needs of the store.
type actLog interface {
	Acts(ctx context.Context, limit int) ([]*graph.AuditEntry, error)
}

// maxActsPage bounds the page of the acts field.
const maxActsPage = 500

// auditor is what the resolvers need of a store that keeps an audit log of
// acts (graph/store/audit.go).
type auditor interface {
	RecordAct(ctx context.Context, e *graph.AuditEntry) error
}

// recordAct appends an act by the request's key to the audit log, when the
// store keeps one. The act has happened: a failure to record it is logged,
// not returned.
func (r *Resolver) recordAct(ctx context.Context, actor string, act graph.Act, subject string, details map[string]string) {
	a, ok := r.store.(auditor)
	if !ok {
		return
	}
	e := &graph.AuditEntry{Actor: actor, Act: act, Subject: subject, Details: details}
	if err := a.RecordAct(context.WithoutCancel(ctx), e); err != nil && r.logger != nil {
		r.logger.ErrorContext(ctx, "record act", "act", act, "subject", subject, "err", err)
	}
}

// hookTarget is where a webhook delivers, as the audit log names it: the
// URL without its query, fragment or user information, which may carry a
// receiver's token.
func hookTarget(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// Bounds of the drafts: the page of the drafts field, the page of a
// draft's records, and the records one key may hold in drafts in all (one
// batch of the most records a batch may hold: one instrument or statute).
const (
	defaultDraftsPage   = 20
	maxDraftsPage       = 100
	maxDraftRecordsPage = MaxBatchRecords
	MaxDraftRecords     = MaxBatchRecords
)

// pageWindow returns the start and length of the page [offset, offset+first)
// of a list of total items; first defaults to and may not exceed limit.
func pageWindow(offset, first *int, limit, total int) (int, int, error) {
	from, n := 0, limit
	if offset != nil {
		from = *offset
	}
	if first != nil {
		n = *first
	}
	if from < 0 {
		return 0, 0, graph.Errorf(graph.EINVALID, "offset: want 0 or more, got %d", from)
	}
	if n < 0 || n > limit {
		return 0, 0, graph.Errorf(graph.EINVALID, "first: want 0 to %d, got %d", limit, n)
	}
	from = min(from, total)
	return from, min(n, total-from), nil
}

// draftWrites serialises the writes of drafts with the check of their
// bound, so that two batches of one key cannot both pass it. Drafts are
// few and small next to the graph's reads: one lock for every key is
// enough.
var draftWrites sync.Mutex

// checkDraftBound refuses a batch that would be stored as a draft when it
// would take its key past MaxDraftRecords records held in drafts. On
// success it holds draftWrites until unlock is called, after the write.
func (r *Resolver) checkDraftBound(ctx context.Context, in generated.ChangesInput) (unlock func(), err error) {
	key := guard.AuthFrom(ctx).Key()
	if key == nil || (in.Publish != nil && *in.Publish && key.Role.AtLeast(graph.RoleEditor)) {
		return func() {}, nil // refused by applyChanges, or written live
	}
	cs, err := r.curation()
	if err != nil {
		return func() {}, nil // applyChanges says why
	}
	draftWrites.Lock()
	drafts, err := cs.Drafts(ctx)
	if err != nil {
		draftWrites.Unlock()
		return nil, err
	}
	held := 0
	for _, d := range drafts {
		if d.Author == key.Name {
			held += len(d.Put) + len(d.Retract)
		}
	}
	if n := len(in.Put) + len(in.Retract); held+n > MaxDraftRecords {
		draftWrites.Unlock()
		return nil, graph.Errorf(graph.EINVALID, "key %q holds %d draft records; %d more would pass the bound of %d: publish or discard drafts first", key.Name, held, n, MaxDraftRecords)
	}
	return draftWrites.Unlock, nil
}
