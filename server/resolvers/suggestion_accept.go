package resolvers

import (
	"context"
	stdjson "encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/suggest"
	"github.com/pactwatch/pactwatch/server/engine"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/guard"
)

// Curators decide on suggestions: accepting one makes a draft of the
// record it proposes, carrying the suggestion (graph.Suggestion) as the
// suggester gave it when asked again now; rejecting one records the act
// in the audit log. The client names the suggestion by what it is about,
// never by a score: the server asks the suggester itself.

// suggested is a suggestion asked again: the record it would make (a new
// link or obligation, or the provision with the correspondence added),
// the version that record was read at (0 for a new one), the suggestion,
// and what the audit log says of it.
type suggested struct {
	node    graph.Node
	version uint64
	s       *graph.Suggestion
	details map[string]string
}

// suggestionMax is how deep in the suggester's answer an accepted or
// rejected suggestion may lie: its largest answer.
const suggestionMax = suggest.MaxFirst

// askSuggestion asks the suggester for the suggestion in names and builds
// the record it proposes. A suggestion the suggester does not make (now)
// is BAD_USER_INPUT at the input field that names it.
func (r *Resolver) askSuggestion(ctx context.Context, in generated.SuggestionInput) (*suggested, []inputProblem, error) {
	need := func(field string, v *string, what string) (string, []inputProblem) {
		if v == nil || strings.TrimSpace(*v) == "" {
			return "", []inputProblem{{"input." + field, "required for a " + string(in.Kind) + " suggestion: " + what, ""}}
		}
		return strings.TrimSpace(*v), nil
	}
	version := engine.DataVersion(r.store)
	switch in.Kind {
	case graph.SuggestionLink:
		ob, p1 := need("obligation", in.Obligation, "the obligation's id")
		st, p2 := need("state", in.State, "the state's code, e.g. IDN")
		target, p3 := need("target", in.Target, "the statute provision suggested")
		if probs := append(append(p1, p2...), p3...); len(probs) > 0 {
			return nil, probs, nil
		}
		st = engine.NormalizeCode(st)
		// Every suggestion, decided on or not: one rejected may be accepted
		// after all (a held link refuses a second below).
		links, err := suggest.LinksFor(ctx, r.store, ob, st, suggest.LinkOptions{First: suggestionMax, IncludeDecided: true})
		if err != nil {
			return nil, nil, err
		}
		for i, l := range links {
			if l.Provision.ID != target {
				continue
			}
			extent := graph.ExtentPartial
			if in.Extent != nil {
				extent = *in.Extent
			}
			link := &graph.Implementation{
				ID: l.Provision.LawID + "/implements/" + ob, LawID: l.Provision.LawID, ObligationID: ob,
				ProvisionIDs: []string{l.Provision.ID}, Extent: extent,
				Record: graph.Record{Sources: statuteSources(l.Provision)},
			}
			s := &graph.Suggestion{Kind: in.Kind, Score: l.Score, Cues: nonNil(l.Passages), Version: version}
			link.Suggestion = s
			return &suggested{node: link, s: s, details: map[string]string{
				"kind": string(in.Kind), "obligation": ob, "state": st, "target": target,
				"rank": strconv.Itoa(i + 1), "score": formatScore(l.Score), "version": version}}, nil, nil
		}
		return nil, []inputProblem{{"input.target", fmt.Sprintf("%s is not among the %d statute provisions suggested for %s in %s", target, suggestionMax, ob, st), ""}}, nil
	case graph.SuggestionObligation:
		pid, probs := need("provision", in.Provision, "the provision whose words were read")
		if in.Proposal == nil {
			probs = append(probs, inputProblem{"input.proposal", "required for an OBLIGATION suggestion: which proposal, 1 for the first", ""})
		}
		if len(probs) > 0 {
			return nil, probs, nil
		}
		props, err := suggest.ObligationsFor(ctx, r.store, pid, "")
		if err != nil {
			return nil, nil, err
		}
		n := *in.Proposal
		if n < 1 || n > len(props) {
			return nil, []inputProblem{{"input.proposal", fmt.Sprintf("want 1 to %d: the proposals %s's words give", len(props), pid), ""}}, nil
		}
		prop := props[n-1]
		p, err := graph.Get[*graph.Provision](ctx, r.store, pid)
		if err != nil {
			return nil, nil, err
		}
		id, err := r.nextObligationID(ctx, pid)
		if err != nil {
			return nil, nil, err
		}
		s := &graph.Suggestion{Kind: in.Kind, Cues: nonNil(prop.Cues), Version: version}
		ob := &graph.Obligation{ID: id, InstrumentID: p.InstrumentID, ProvisionID: pid, Modality: prop.Modality,
			Nature: prop.Nature, Summary: strings.TrimSpace(prop.Sentence), Record: graph.Record{Sources: p.Sources, Suggestion: s}}
		return &suggested{node: ob, s: s, details: map[string]string{
			"kind": string(in.Kind), "provision": pid, "proposal": strconv.Itoa(n),
			"modality": string(prop.Modality), "version": version}}, nil, nil
	case graph.SuggestionCorrespondence:
		pid, p1 := need("provision", in.Provision, "the provision compared")
		target, p2 := need("target", in.Target, "the other instrument's provision suggested")
		if probs := append(p1, p2...); len(probs) > 0 {
			return nil, probs, nil
		}
		got, err := suggest.CorrespondencesFor(ctx, r.store, pid, suggestionMax)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range got {
			if c.Provision.ID != target {
				continue
			}
			p, seq, err := r.storedCopy(ctx, pid)
			if err != nil {
				return nil, nil, err
			}
			for _, held := range p.CorrespondsTo {
				if held.ProvisionID == target {
					return nil, []inputProblem{{"input.target", fmt.Sprintf("%s already corresponds to %s", pid, target), ""}}, nil
				}
			}
			s := &graph.Suggestion{Kind: in.Kind, Score: c.Similarity, Cues: []string{"similarity " + formatScore(c.Similarity)}, Version: version}
			p.CorrespondsTo = append(p.CorrespondsTo, graph.Correspondence{ProvisionID: target, Basis: graph.BasisTextComparison,
				Similarity: c.Similarity, Sources: append(firstSource(p.Sources), firstSource(c.Provision.Sources)...), Suggestion: s})
			return &suggested{node: p, version: seq, s: s, details: map[string]string{
				"kind": string(in.Kind), "provision": pid, "target": target,
				"score": formatScore(c.Similarity), "version": version}}, nil, nil
		}
		return nil, []inputProblem{{"input.target", fmt.Sprintf("%s is not among the %d provisions suggested as corresponding to %s", target, suggestionMax, pid), ""}}, nil
	}
	return nil, []inputProblem{{"input.kind", fmt.Sprintf("unknown kind %q", in.Kind), ""}}, nil
}

// acceptSuggestion is the acceptSuggestion mutation.
func (r *Resolver) acceptSuggestion(ctx context.Context, in generated.SuggestionInput) (*generated.ChangesPayload, error) {
	key, err := guard.RequireRole(ctx, graph.RoleCurator)
	if err != nil {
		return nil, err
	}
	cs, err := r.curation()
	if err != nil {
		return nil, err
	}
	got, probs, err := r.askSuggestion(ctx, in)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Message) == "" {
		probs = append(probs, inputProblem{"input.message", "required: say why", ""})
	}
	if len(probs) > 0 {
		r.reportProblems(ctx, probs)
		return nil, nil
	}
	// The one-record batch is checked as applyChanges checks a batch: a
	// link where the law already has one, an obligation id taken meanwhile
	// are refused here, at the record.
	if got.version == 0 {
		if held, err := r.store.Nodes(ctx, []string{got.node.NodeID()}); err != nil {
			return nil, err
		} else if held[0] != nil {
			r.reportProblems(ctx, []inputProblem{{"input", fmt.Sprintf("%s is held already: edit it rather than accept the suggestion again", got.node.NodeID()), ""}})
			return nil, nil
		}
	}
	unlock, err := r.checkDraftBound(ctx, generated.ChangesInput{Put: []*generated.RecordInput{{}}})
	if err != nil {
		return nil, err
	}
	defer unlock()
	got.s.AcceptedBy, got.s.AcceptedAt = key.Name, time.Now().UTC()
	put := []graph.Node{got.node}
	more, err := r.checkBatch(ctx, "input.suggestion", put, nil)
	if err != nil {
		return nil, err
	}
	if len(more) > 0 {
		r.reportProblems(ctx, more)
		return nil, nil
	}
	var given *string
	if got.version != 0 {
		v := formatVersion(got.version)
		given = &v
	}
	expect, vprobs, err := r.expectations(ctx, []versionRef{{id: got.node.NodeID(), path: "input", given: given}}, false)
	if err != nil {
		return nil, err
	}
	if len(vprobs) > 0 {
		r.reportProblems(ctx, vprobs)
		return nil, nil
	}
	message := fmt.Sprintf("%s [suggestion %s accepted]", strings.TrimSpace(in.Message), strings.ToLower(string(in.Kind)))
	d := &graph.Draft{Author: key.Name, Created: got.s.AcceptedAt, Message: message, Put: put, Expect: expect}
	if _, err := cs.PutDraft(ctx, d); err != nil {
		return nil, err
	}
	got.details["draft"] = d.ID
	r.recordAct(ctx, key.Name, graph.ActSuggestionAccepted, got.node.NodeID(), got.details)
	return &generated.ChangesPayload{Draft: d, Added: []string{}, Changed: []string{}, Removed: []string{}}, nil
}

// rejectSuggestion is the rejectSuggestion mutation: the act, with the
// suggestion as the suggester gives it now and the reason, in the audit
// log; nothing else.
func (r *Resolver) rejectSuggestion(ctx context.Context, in generated.SuggestionInput) (*graph.AuditEntry, error) {
	key, err := guard.RequireRole(ctx, graph.RoleCurator)
	if err != nil {
		return nil, err
	}
	a, ok := r.store.(auditor)
	if !ok {
		return nil, graph.Errorf(graph.EINVALID, "this store keeps no audit log")
	}
	got, probs, err := r.askSuggestion(ctx, in)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Message) == "" {
		probs = append(probs, inputProblem{"input.message", "required: say why the suggestion is wrong", ""})
	}
	if len(probs) > 0 {
		r.reportProblems(ctx, probs)
		return nil, nil
	}
	got.details["reason"] = strings.TrimSpace(in.Message)
	subject := got.node.NodeID()
	if in.Kind == graph.SuggestionCorrespondence {
		subject += " ~ " + got.details["target"]
	}
	e := &graph.AuditEntry{Actor: key.Name, Act: graph.ActSuggestionRejected, Subject: subject, Details: got.details}
	if err := a.RecordAct(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// nextObligationID is the first obl_N under provision pid that no
// obligation holds.
func (r *Resolver) nextObligationID(ctx context.Context, pid string) (string, error) {
	held, err := r.store.Neighbors(ctx, graph.RelProvisionObligations, []string{pid})
	if err != nil {
		return "", err
	}
	taken := map[string]bool{}
	for _, id := range held[0] {
		taken[id] = true
	}
	for n := 1; ; n++ {
		if id := fmt.Sprintf("%s/obl_%d", pid, n); !taken[id] {
			return id, nil
		}
	}
}

// storedCopy reads the provision id and its version, in one read, as a
// copy of its own to change (the store's may be shared with its readers).
func (r *Resolver) storedCopy(ctx context.Context, id string) (*graph.Provision, uint64, error) {
	var ns []graph.Node
	var seq uint64
	var err error
	if vs, ok := r.store.(graph.Versioned); ok {
		var v []graph.RecordVersion
		if ns, v, err = vs.NodeVersions(ctx, []string{id}); err == nil {
			seq = v[0].Seq
		}
	} else {
		ns, err = r.store.Nodes(ctx, []string{id})
	}
	var p *graph.Provision
	if err == nil {
		p, _ = ns[0].(*graph.Provision)
	}
	if p == nil {
		return nil, 0, graph.Errorf(graph.ENOTFOUND, "no provision %q", id)
	}
	raw, err := stdjson.Marshal(p)
	if err != nil {
		return nil, 0, err
	}
	var cp graph.Provision
	if err := stdjson.Unmarshal(raw, &cp); err != nil {
		return nil, 0, err
	}
	return &cp, seq, nil
}

// statuteSources are the sources of a statute provision's texts, the
// official edition's first: what a link to it rests on.
func statuteSources(p *graph.StatuteProvision) []graph.Source {
	var out []graph.Source
	for _, official := range []bool{true, false} {
		for _, v := range p.Versions {
			if (v.Edition == graph.EditionOfficial) == official && len(out) == 0 {
				out = append(out, v.Sources...)
			}
		}
	}
	if len(out) == 0 {
		out = p.Sources
	}
	return out
}

func firstSource(s []graph.Source) []graph.Source {
	if len(s) == 0 {
		return nil
	}
	return s[:1]
}

func formatScore(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
