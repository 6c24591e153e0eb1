package resolvers

import (
	"bytes"
	"context"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/ingest"
	"github.com/pactwatch/pactwatch/server/apierr"
	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/guard"
	"github.com/pactwatch/pactwatch/server/webhook"
)

// The write path: a batch's records are decoded from JSON into graph
// nodes, checked as ingest checks a load (ingest.CheckRecords), and either
// stored as a draft or applied in one graph.Batch, whose change-log entries
// carry the key's name and the message.

// MaxBatchRecords bounds the records of one applyChanges: enough for one
// instrument or one statute as a single batch or draft.
const MaxBatchRecords = 5000

// decodeOptions read a record's JSON: field names as the Go fields, in any
// case, and no unknown member.
var recordDecodeOptions = json.JoinOptions(json.MatchCaseInsensitiveNames(true), json.RejectUnknownMembers(true))

// decodeRecord builds a node of kind from a record's JSON value.
func decodeRecord(kind generated.RecordKind, record any) (graph.Node, error) {
	k, ok := webhook.KindOf(kind)
	if !ok {
		return nil, fmt.Errorf("unknown kind %q", kind)
	}
	n, err := graph.NewNode(k)
	if err != nil {
		return nil, err
	}
	if _, ok := record.(map[string]any); !ok {
		return nil, fmt.Errorf("want a JSON object")
	}
	raw, err := stdjson.Marshal(record)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, n, recordDecodeOptions); err != nil {
		return nil, decodeProblem(err)
	}
	return n, nil
}

// fieldError is a record's JSON that does not decode, at the field the
// curator typed (field, "" for the whole record).
type fieldError struct{ field, message string }

func (e *fieldError) Error() string { return e.message }

// decodeProblem says what is wrong with a record's JSON in the curator's
// words, at the field they typed: the field's name as the API writes it
// (date, sources[0].url), what it wants, and never a Go type.
func decodeProblem(err error) error {
	se, ok := errors.AsType[*json.SemanticError](err)
	if !ok {
		return &fieldError{message: "not a record: want a JSON object of the record's fields"}
	}
	var field strings.Builder
	for tok := range se.JSONPointer.Tokens() {
		if i, err := strconv.Atoi(tok); err == nil {
			fmt.Fprintf(&field, "[%d]", i)
			continue
		}
		if field.Len() > 0 {
			field.WriteByte('.')
		}
		field.WriteString(apiFieldName(tok))
	}
	msg := ""
	switch {
	case errors.Is(se.Err, json.ErrUnknownName):
		msg = "no such field in a record of this kind"
	case se.Err != nil && graph.ErrorCode(se.Err) != graph.EINTERNAL:
		msg = graph.ErrorMessage(se.Err)
	default:
		msg = fmt.Sprintf("want %s, got %s", wantOfType(se.GoType), kindWords(se.JSONKind))
	}
	return &fieldError{field: field.String(), message: msg}
}

// apiFieldName is a record field's name as the API writes it in field
// paths: the Go name with its leading capitals lowered (Date: date,
// ObligationIDs: obligationIDs, URL: url), as the files name them.
func apiFieldName(name string) string {
	r := []rune(name)
	n := 0
	for n < len(r) && unicode.IsUpper(r[n]) {
		n++
	}
	if n > 1 && n < len(r) {
		n-- // the capital that starts the next word: URLText
	}
	for i := range n {
		r[i] = unicode.ToLower(r[i])
	}
	return string(r)
}

// dateType is graph.Date, which a record's JSON writes as a string.
var dateType = reflect.TypeFor[graph.Date]()

// wantOfType says, in the curator's words, what a field of type t takes.
func wantOfType(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	if t == dateType {
		return "a date string (YYYY-MM-DD, YYYY-MM or YYYY)"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Pointer:
		return wantOfType(t.Elem())
	}
	return "an object"
}

// kindWords names a JSON value's kind.
func kindWords(k jsontext.Kind) string {
	switch k {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "a list"
	}
	return "a value of another kind"
}

// recordJSON is a node as the JSON the API shows, with the field names a
// RecordInput takes.
func recordJSON(n graph.Node) (any, error) {
	if n == nil {
		return nil, nil
	}
	raw, err := stdjson.Marshal(n)
	if err != nil {
		return nil, err
	}
	var v any
	d := stdjson.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// inputProblem is one problem of a batch, at a field path of the input.
type inputProblem struct {
	path, message string
	// existing is the stored record to edit instead (ingest.Problem's
	// Existing), shown with its version in extensions.existing so that a
	// client can offer to edit it.
	existing string
}

// reportProblems adds one BAD_USER_INPUT error per problem, each with its
// field path in extensions.field.
func (r *Resolver) reportProblems(ctx context.Context, probs []inputProblem) {
	for _, p := range probs {
		ext := map[string]any{"code": apierr.CodeBadUserInput, "field": p.path}
		if p.existing != "" {
			ext["existing"] = r.existingRecord(ctx, p.existing)
		}
		graphql.AddError(ctx, &gqlerror.Error{
			Message:    fmt.Sprintf("%s: %s", p.path, p.message),
			Path:       graphql.GetPath(ctx),
			Extensions: ext,
		})
	}
}

// existingRecord is a stored record a problem offers to edit instead: its
// id, and the version to send when editing it (absent when the store keeps
// none or cannot say).
func (r *Resolver) existingRecord(ctx context.Context, id string) map[string]any {
	out := map[string]any{"id": id}
	if vs, ok := r.store.(graph.Versioned); ok {
		if v, err := vs.Versions(ctx, []string{id}); err == nil && len(v) == 1 && v[0].Seq != 0 {
			out["version"] = formatVersion(v[0].Seq)
		}
	}
	return out
}

// fromIngest converts ingest's problems, whose File is the input place.
func fromIngest(ps ingest.Problems) []inputProblem {
	out := make([]inputProblem, 0, len(ps))
	for _, p := range ps {
		path := p.File
		if path == "" || !strings.HasPrefix(path, "input.") && !strings.HasPrefix(path, "draft.") {
			// A stored record's problem (it would be left referencing a
			// retracted one): name it.
			path = "input.retract"
			p.Message = fmt.Sprintf("%s: %s", p.File, p.Message)
		}
		if p.Field != "" {
			path += "." + p.Field
		}
		out = append(out, inputProblem{path: path, message: p.Message, existing: p.Existing})
	}
	return out
}

// checkBatch validates put and retract against the store as ingest would,
// keeping a stored record's origin on the new version of it (so that a
// later load of its file still replaces it) and giving a new record none.
// prefix names the input ("input" or "draft").
func (r *Resolver) checkBatch(ctx context.Context, prefix string, put []graph.Node, retract []graph.Retraction) ([]inputProblem, error) {
	ids := make([]string, 0, len(put))
	for _, n := range put {
		ids = append(ids, n.NodeID())
	}
	stored, err := r.store.Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, n := range put {
		rec := graph.RecordOf(n)
		rec.Origin, rec.OriginLine = "", 0
		if s := stored[i]; s != nil {
			rec.Origin, rec.OriginLine = graph.RecordOf(s).Origin, graph.RecordOf(s).OriginLine
		}
	}
	rids := make([]string, len(retract))
	for j, x := range retract {
		rids[j] = x.ID
	}
	ps, err := ingest.CheckRecords(ctx, r.store, put, rids,
		func(i int) string { return fmt.Sprintf("%s.put[%d].record", prefix, i) },
		func(j int) string { return fmt.Sprintf("%s.retract[%d]", prefix, j) })
	if err != nil {
		return nil, err
	}
	var probs []inputProblem
	for j, x := range retract {
		if strings.TrimSpace(x.Reason) == "" {
			probs = append(probs, inputProblem{fmt.Sprintf("%s.retract[%d].reason", prefix, j), "required: say why the record is retracted", ""})
		}
	}
	return append(probs, fromIngest(ps)...), nil
}

// applyChanges is the applyChanges mutation.
func (r *Resolver) applyChanges(ctx context.Context, in generated.ChangesInput) (*generated.ChangesPayload, error) {
	key, err := guard.RequireRole(ctx, graph.RoleCurator)
	if err != nil {
		return nil, err
	}
	publish := in.Publish != nil && *in.Publish
	if publish && !key.Role.AtLeast(graph.RoleEditor) {
		return nil, graph.Errorf(graph.EFORBIDDEN, "key %q has role %s: its batches are drafts; publish needs EDITOR or above", key.Name, key.Role)
	}
	cs, err := r.curation()
	if err != nil {
		return nil, err
	}
	if len(in.Put)+len(in.Retract) > MaxBatchRecords {
		return nil, graph.Errorf(graph.EINVALID, "a batch holds at most %d records; this one has %d", MaxBatchRecords, len(in.Put)+len(in.Retract))
	}
	var probs []inputProblem
	if strings.TrimSpace(in.Message) == "" {
		probs = append(probs, inputProblem{"input.message", "required: say why", ""})
	}
	if len(in.Put)+len(in.Retract) == 0 {
		probs = append(probs, inputProblem{"input", "the batch holds no record to put or retract", ""})
	}
	force := in.Force != nil && *in.Force
	var put []graph.Node
	var refs []versionRef
	decoded := true
	for i, p := range in.Put {
		n, err := decodeRecord(p.Kind, p.Record)
		if err != nil {
			path := fmt.Sprintf("input.put[%d].record", i)
			if fe, ok := errors.AsType[*fieldError](err); ok && fe.field != "" {
				path += "." + fe.field
			}
			probs = append(probs, inputProblem{path, err.Error(), ""})
			decoded = false
			continue
		}
		if ps := enumProblems(reflect.ValueOf(n), fmt.Sprintf("input.put[%d].record", i)); len(ps) > 0 {
			probs = append(probs, ps...)
		}
		put = append(put, n)
		refs = append(refs, versionRef{id: n.NodeID(), path: fmt.Sprintf("input.put[%d]", i), given: p.Version})
	}
	retract := make([]graph.Retraction, len(in.Retract))
	for j, x := range in.Retract {
		retract[j] = graph.Retraction{ID: x.ID, Reason: x.Reason}
		refs = append(refs, versionRef{id: x.ID, path: fmt.Sprintf("input.retract[%d]", j), given: x.Version})
	}
	var expect map[string]uint64
	if decoded {
		sp, err := r.carrySuggestions(ctx, put)
		if err != nil {
			return nil, err
		}
		probs = append(probs, sp...)
		more, err := r.checkBatch(ctx, "input", put, retract)
		if err != nil {
			return nil, err
		}
		probs = append(probs, more...)
		var vprobs []inputProblem
		expect, vprobs, err = r.expectations(ctx, refs, force)
		if err != nil && len(probs) == 0 {
			return nil, err
		}
		probs = append(probs, vprobs...)
	}
	if len(probs) > 0 {
		r.reportProblems(ctx, probs)
		return nil, nil
	}
	if !publish {
		d := &graph.Draft{Author: key.Name, Created: time.Now().UTC(), Message: in.Message, Put: put, Retract: retract, Expect: expect, Force: force}
		if _, err := cs.PutDraft(ctx, d); err != nil {
			return nil, err
		}
		return &generated.ChangesPayload{Draft: d, Added: []string{}, Changed: []string{}, Removed: []string{}}, nil
	}
	b := batchOf(put, retract, key.Name, in.Message)
	b.Expect, b.Force = expect, force
	return r.write(ctx, cs, b)
}

func batchOf(put []graph.Node, retract []graph.Retraction, author, message string) *graph.Batch {
	b := &graph.Batch{Put: put, Author: author, Message: message, Reasons: map[string]string{}}
	for _, x := range retract {
		b.Delete = append(b.Delete, x.ID)
		b.Reasons[x.ID] = x.Reason
	}
	return b
}

// write applies a checked batch and tells the subscribers and the webhooks.
func (r *Resolver) write(ctx context.Context, cs guard.CurationStore, b *graph.Batch) (*generated.ChangesPayload, error) {
	before := storeVersion(r.store)
	res, err := r.store.Apply(ctx, b)
	if err != nil {
		return nil, err
	}
	r.syncSearch(ctx, before, res)
	if n := len(res.Added) + len(res.Changed) + len(res.Removed); n > 0 {
		// The store queued the batch for the webhooks with the write.
		r.hooks.Notify()
		if r.feed != nil {
			changes, err := cs.Changes(ctx, graph.ChangeQuery{Batch: res.Seq, Limit: n})
			if err == nil {
				r.feed.Publish(changes)
			}
		}
	}
	p := &generated.ChangesPayload{Published: true, Added: nonNil(res.Added), Changed: nonNil(res.Changed), Removed: nonNil(res.Removed), Unchanged: res.Unchanged}
	if res.Seq != 0 {
		v := formatVersion(res.Seq)
		p.Version = &v
	}
	return p, nil
}

// publishDraft is the publishDraft mutation: the draft is checked again
// against the store as it is now, and applied with its deletion in one
// transaction, which refuses it with CONFLICT if any of its records has
// changed since the versions it was based on (unless force, or the draft
// was written with force).
func (r *Resolver) publishDraft(ctx context.Context, id string, force bool) (*generated.ChangesPayload, error) {
	key, err := guard.RequireRole(ctx, graph.RoleEditor)
	if err != nil {
		return nil, err
	}
	cs, err := r.curation()
	if err != nil {
		return nil, err
	}
	d, err := cs.Draft(ctx, id)
	if err != nil {
		return nil, err
	}
	force = force || d.Force
	var expect map[string]uint64
	if !force {
		// A stale draft is a conflict before anything else is said of it.
		if expect, err = r.draftExpectations(ctx, d); err != nil {
			return nil, err
		}
	}
	probs, err := r.checkBatch(ctx, "draft", d.Put, d.Retract)
	if err != nil {
		return nil, err
	}
	if len(probs) > 0 {
		r.reportProblems(ctx, probs)
		return nil, nil
	}
	b := batchOf(d.Put, d.Retract, key.Name, fmt.Sprintf("%s [draft %s by %s]", d.Message, d.ID, d.Author))
	b.PublishesDraft = d.ID
	b.Expect, b.Force = expect, force
	return r.write(ctx, cs, b)
}

func (r *Resolver) curation() (guard.CurationStore, error) {
	cs, ok := r.store.(guard.CurationStore)
	if !ok {
		return nil, graph.Errorf(graph.EINVALID, "this store takes no writes through the API")
	}
	return cs, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// carrySuggestions keeps on each record the suggestions its stored
// version holds (graph.CarrySuggestions), and refuses one a client writes:
// only acceptSuggestion sets a suggestion.
func (r *Resolver) carrySuggestions(ctx context.Context, put []graph.Node) ([]inputProblem, error) {
	ids := make([]string, len(put))
	for i, n := range put {
		ids[i] = n.NodeID()
	}
	stored, err := r.store.Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	var probs []inputProblem
	for i, n := range put {
		for _, k := range graph.CarrySuggestions(stored[i], n) {
			path := fmt.Sprintf("input.put[%d].record.suggestion", i)
			if k != "" {
				path = fmt.Sprintf("input.put[%d].record.correspondsTo.suggestion", i)
			}
			probs = append(probs, inputProblem{path, "a suggestion is written only by acceptSuggestion, which asks the suggester: leave it out (a stored record keeps its own)", ""})
		}
	}
	return probs, nil
}
