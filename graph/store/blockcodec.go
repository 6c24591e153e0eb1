package store

import (
	"encoding/binary"
	"fmt"

	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

// The binary form of a state's fact block. A cold engine reads one block per
// state before it answers; as JSON, a state of five thousand implementation
// links took 15 ms to decode, most of it allocating strings one by one.
// The binary form turns the whole value into one string once and slices
// every id from it, and writes each string field as a reference to the same
// field of the row before when it repeats (links come sorted by obligation
// and law), else as its bytes:
//
//	0x03 (codecStateV3)
//	state:    uvarint n | n bytes of the State node's JSON
//	actions:  uvarint count | each: id, state, instrument, kind: str;
//	          date, deposited, depositedBefore, inForce: date;
//	          inForceSources: sources; domesticActID, domesticAct: str;
//	          reservations: uvarint n | n bytes of their JSON (0: none);
//	          record (as an obligation's in an instrument block)
//	laws:     uvarint n | n × (id, number: str; enacted, inForce, repealed: date)
//	links:    uvarint n | n × (obligation, implementation, law: str;
//	          startFrom, start, repealedFrom, repealed: varint; full: one byte;
//	          articles: uvarint count | str each)
//	reviews:  uvarint n | n × (id, instrument: str; from: varint; allHeld: byte;
//	          provisions, obligations: uvarint count | str each;
//	          date: date; method, reviewer: str;
//	          laws, articles: uvarint count | str each)
//	evidence: uvarint n | n × (id: str; on: varint; finding: str;
//	          obligations, themes: uvarint count | str each;
//	          kind: str; date: date)
//
// where str is uvarint 0 for "the same as this field of the row before",
// or uvarint len+1 and the bytes, date is year, month, day varints, and
// sources are uvarint count | each: citation, url, publisher, locator: str;
// date.
// A block of an older form (JSON, as pactwatch wrote before the binary
// form; 0x01, without the fields reasons word; 0x02, without the first days
// of a law's dates) is read as not kept: the engine reads the nodes
// instead until a write or load writes the block again.
const codecStateV3 byte = 0x03

// encodeStateBlock returns the binary form of sb.
func encodeStateBlock(sb *graph.StateBlock) ([]byte, error) {
	state, err := json.Marshal(sb.State, encodeOptions)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, 1+len(state)+160*len(sb.Actions)+32*len(sb.Laws)+112*len(sb.Links)+80*len(sb.Evidence)+96*len(sb.Reviews)+16)
	out = append(out, codecStateV3)
	out = appendBytes(out, state)
	w := &columnWriter{b: out}
	w.count(len(sb.Actions))
	for _, a := range sb.Actions {
		if err := w.action(a); err != nil {
			return nil, err
		}
	}
	w.count(len(sb.Laws))
	for _, l := range sb.Laws {
		w.str(colLawID, l.ID)
		w.str(colLawNumber, l.Number)
		w.date(l.Enacted)
		w.date(l.InForce)
		w.date(l.Repealed)
	}
	w.count(len(sb.Links))
	for _, l := range sb.Links {
		w.str(colLinkObligation, l.Obligation)
		w.str(colLinkImplementation, l.Implementation)
		w.str(colLinkLaw, l.Law)
		w.varint(int64(l.StartFrom))
		w.varint(int64(l.Start))
		w.varint(int64(l.RepealedFrom))
		w.varint(int64(l.Repealed))
		w.flag(l.Full)
		w.list(colLinkArticle, l.Articles)
	}
	w.count(len(sb.Reviews))
	for _, r := range sb.Reviews {
		w.str(colReviewID, r.ID)
		w.str(colReviewInstrument, r.Instrument)
		w.varint(int64(r.From))
		w.flag(r.AllHeld)
		w.list(colReviewProvision, r.Provisions)
		w.list(colReviewObligation, r.Obligations)
		w.date(r.Date)
		w.str(colReviewMethod, string(r.Method))
		w.str(colReviewReviewer, r.Reviewer)
		w.list(colReviewLaw, r.Laws)
		w.list(colReviewArticle, r.Articles)
	}
	w.count(len(sb.Evidence))
	for _, e := range sb.Evidence {
		w.str(colEvidenceID, e.ID)
		w.varint(int64(e.On))
		w.str(colEvidenceFinding, string(e.Finding))
		w.list(colEvidenceObligation, e.Obligations)
		w.count(len(e.Themes))
		for _, t := range e.Themes {
			w.str(colEvidenceTheme, string(t))
		}
		w.str(colEvidenceKind, string(e.Kind))
		w.date(e.Date)
	}
	return w.b, nil
}

// decodeStateBlock reads a state block in either form.
func decodeStateBlock(v []byte) (*graph.StateBlock, error) {
	sb := &graph.StateBlock{}
	if len(v) > 0 && (v[0] == '{' || v[0] == 0x01 || v[0] == 0x02) {
		return nil, nil // an older form: not kept
	}
	if len(v) == 0 || v[0] != codecStateV3 {
		return nil, fmt.Errorf("state block of an unknown form")
	}
	d := newBlockReader(v)
	if err := json.Unmarshal(d.bytes(), &sb.State, decodeOptions); err != nil {
		return nil, fmt.Errorf("state block: state: %w", err)
	}
	if n := d.count(); n > 0 {
		sb.Actions = make([]*graph.StateAction, n)
		for i := range sb.Actions {
			a, err := d.action()
			if err != nil {
				return nil, fmt.Errorf("state block: action: %w", err)
			}
			sb.Actions[i] = a
		}
	}
	if n := d.count(); n > 0 {
		sb.Laws = make([]graph.LawRow, n)
		for i := range sb.Laws {
			l := &sb.Laws[i]
			l.ID, l.Number = d.str(colLawID), d.str(colLawNumber)
			l.Enacted, l.InForce, l.Repealed = d.date(), d.date(), d.date()
		}
	}
	if n := d.count(); n > 0 {
		sb.Links = make([]graph.LinkRow, n)
		for i := range sb.Links {
			l := &sb.Links[i]
			l.Obligation, l.Implementation, l.Law = d.str(colLinkObligation), d.str(colLinkImplementation), d.str(colLinkLaw)
			l.StartFrom, l.Start = int32(d.varint()), int32(d.varint())
			l.RepealedFrom, l.Repealed, l.Full = int32(d.varint()), int32(d.varint()), d.flag()
			l.Articles = d.list(colLinkArticle)
		}
	}
	if n := d.count(); n > 0 {
		sb.Reviews = make([]graph.ReviewRow, n)
		for i := range sb.Reviews {
			r := &sb.Reviews[i]
			r.ID, r.Instrument = d.str(colReviewID), d.str(colReviewInstrument)
			r.From, r.AllHeld = int32(d.varint()), d.flag()
			r.Provisions, r.Obligations = d.list(colReviewProvision), d.list(colReviewObligation)
			r.Date = d.date()
			r.Method, r.Reviewer = graph.ReviewMethod(d.str(colReviewMethod)), d.str(colReviewReviewer)
			r.Laws, r.Articles = d.list(colReviewLaw), d.list(colReviewArticle)
		}
	}
	if n := d.count(); n > 0 {
		sb.Evidence = make([]graph.EvidenceRow, n)
		for i := range sb.Evidence {
			e := &sb.Evidence[i]
			e.ID = d.str(colEvidenceID)
			e.On = int32(d.varint())
			e.Finding = graph.DecodedEnum(graph.Findings, d.str(colEvidenceFinding))
			e.Obligations = d.list(colEvidenceObligation)
			if n := d.count(); n > 0 {
				e.Themes = make([]graph.Theme, n)
				for j := range e.Themes {
					e.Themes[j] = graph.DecodedEnum(graph.Themes, d.str(colEvidenceTheme))
				}
			}
			e.Kind = graph.DecodedEnum(graph.EvidenceKinds, d.str(colEvidenceKind))
			e.Date = d.date()
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("state block: %w", d.err)
	}
	if d.left() != 0 {
		return nil, fmt.Errorf("state block: %d bytes left over", d.left())
	}
	return sb, nil
}

// Columns of a state block's rows.
const (
	colLawID = colActDomesticAct + 1 + iota
	colLawNumber
	colLinkObligation
	colLinkImplementation
	colLinkLaw
	colLinkArticle
	colReviewID
	colReviewInstrument
	colReviewProvision
	colReviewObligation
	colReviewMethod
	colReviewReviewer
	colReviewLaw
	colReviewArticle
	colEvidenceID
	colEvidenceFinding
	colEvidenceObligation
	colEvidenceTheme
	colEvidenceKind
)

// The binary form of an instrument's fact block, for the same reason: as
// JSON, the six hundred instruments of the synthetic world, with every
// state's consent to each, took 30 ms to decode on a cold engine.
//
//	0x03 (codecInstrumentV3)
//	instrument:  uvarint n | n bytes of the Instrument node's JSON
//	obligations: uvarint count | each: id, instrument, provision, modality: str;
//	             themes: uvarint count | str each; summary, nature: str;
//	             unverified: byte; note, origin: str; originLine: uvarint;
//	             sources: uvarint count | each: citation, url, publisher,
//	             locator: str; date: year, month, day varints;
//	             claims: uvarint n | n bytes of their JSON (0: none);
//	             suggestion: uvarint n | n bytes of its JSON (0: none)
//	heldVerbatim, heldSummary: uvarint
//	incomplete:  uvarint count | str each
//	consents:    uvarint n | n × (action, state, kind: str; deposited,
//	             depositedBefore, act: year, month, day varints each)
//
// A block of the first form (0x01, or JSON) held days derived by an older
// rule, and one of the second (0x02) no obligation's suggestion: either is
// read as not kept, so the engine reads the nodes instead until the next
// load writes the block again.
const codecInstrumentV3 byte = 0x03

// encodeInstrumentBlock returns the binary form of ib.
func encodeInstrumentBlock(ib *graph.InstrumentBlock) ([]byte, error) {
	inst, err := json.Marshal(ib.Instrument, encodeOptions)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, 1+len(inst)+160*len(ib.Obligations)+48*len(ib.Consents)+32)
	out = append(out, codecInstrumentV3)
	out = appendBytes(out, inst)
	w := &columnWriter{b: out}
	w.count(len(ib.Obligations))
	for _, o := range ib.Obligations {
		if err := w.obligation(o); err != nil {
			return nil, err
		}
	}
	w.count(ib.HeldVerbatim)
	w.count(ib.HeldSummary)
	w.list(0, ib.Incomplete)
	w.count(len(ib.Consents))
	for _, c := range ib.Consents {
		w.str(1, c.Action)
		w.str(2, c.State)
		w.str(3, string(c.Kind))
		for _, d := range []graph.Date{c.Deposited, c.DepositedBefore, c.Act} {
			w.varint(int64(d.Year))
			w.varint(int64(d.Month))
			w.varint(int64(d.Day))
		}
	}
	return w.b, nil
}

// decodeInstrumentBlock reads an instrument block in either form.
func decodeInstrumentBlock(v []byte) (*graph.InstrumentBlock, error) {
	ib := &graph.InstrumentBlock{}
	if len(v) > 0 && (v[0] == '{' || v[0] == 0x01 || v[0] == 0x02) {
		return nil, nil // an older form: not kept
	}
	if len(v) == 0 || v[0] != codecInstrumentV3 {
		return nil, fmt.Errorf("instrument block of an unknown form")
	}
	d := newBlockReader(v)
	if err := json.Unmarshal(d.bytes(), &ib.Instrument, decodeOptions); err != nil {
		return nil, fmt.Errorf("instrument block: instrument: %w", err)
	}
	if n := d.count(); n > 0 {
		ib.Obligations = make([]*graph.Obligation, n)
		for i := range ib.Obligations {
			o, err := d.obligation()
			if err != nil {
				return nil, fmt.Errorf("instrument block: obligation: %w", err)
			}
			ib.Obligations[i] = o
		}
	}
	ib.HeldVerbatim, ib.HeldSummary = int(d.uvarint()), int(d.uvarint())
	ib.Incomplete = d.list(0)
	if n := d.count(); n > 0 {
		ib.Consents = make([]graph.ConsentRow, n)
		for i := range ib.Consents {
			c := &ib.Consents[i]
			c.Action, c.State, c.Kind = d.str(1), d.str(2), graph.DecodedEnum(graph.ActionKinds, d.str(3))
			for _, p := range []*graph.Date{&c.Deposited, &c.DepositedBefore, &c.Act} {
				*p = graph.Date{Year: int(d.varint()), Month: int(d.varint()), Day: int(d.varint())}
			}
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("instrument block: %w", d.err)
	}
	if d.left() != 0 {
		return nil, fmt.Errorf("instrument block: %d bytes left over", d.left())
	}
	return ib, nil
}

// columnWriter writes the rows of a block; str and list remember the last
// value of each string field (column) so that a repeat is one byte.
type columnWriter struct {
	b    []byte
	last [64]string
}

func (w *columnWriter) count(n int)    { w.b = binary.AppendUvarint(w.b, uint64(n)) }
func (w *columnWriter) varint(v int64) { w.b = binary.AppendVarint(w.b, v) }
func (w *columnWriter) flag(v bool)    { w.b = appendFlag(w.b, v) }
func (w *columnWriter) date(d graph.Date) {
	w.varint(int64(d.Year))
	w.varint(int64(d.Month))
	w.varint(int64(d.Day))
}
func (w *columnWriter) list(col int, l []string) {
	w.count(len(l))
	for _, s := range l {
		w.str(col, s)
	}
}

func (w *columnWriter) str(col int, s string) {
	if s == w.last[col] && s != "" {
		w.b = append(w.b, 0)
		return
	}
	w.last[col] = s
	w.b = binary.AppendUvarint(w.b, uint64(len(s))+1)
	w.b = append(w.b, s...)
}

// Columns of an obligation's fields (after the instrument block's own).
const (
	colObID = 8 + iota
	colObInstrument
	colObProvision
	colObModality
	colObTheme
	colObSummary
	colObNature
	colObNote
	colObOrigin
	colSrcCitation
	colSrcURL
	colSrcPublisher
	colSrcLocator
	colActID
	colActState
	colActInstrument
	colActKind
	colActDomesticActID
	colActDomesticAct
)

func (w *columnWriter) obligation(o *graph.Obligation) error {
	w.str(colObID, o.ID)
	w.str(colObInstrument, o.InstrumentID)
	w.str(colObProvision, o.ProvisionID)
	w.str(colObModality, string(o.Modality))
	w.count(len(o.Themes))
	for _, t := range o.Themes {
		w.str(colObTheme, string(t))
	}
	w.str(colObSummary, o.Summary)
	w.str(colObNature, string(o.Nature))
	return w.record(&o.Record)
}

// record writes a node's Record (after the node's own fields).
func (w *columnWriter) record(r *graph.Record) error {
	w.flag(r.Unverified)
	w.str(colObNote, r.Note)
	w.str(colObOrigin, r.Origin)
	w.count(r.OriginLine)
	w.sources(r.Sources)
	if err := w.jsonOr0(len(r.Claims) > 0, r.Claims); err != nil {
		return err
	}
	return w.jsonOr0(r.Suggestion != nil, r.Suggestion)
}

func (w *columnWriter) sources(ss []graph.Source) {
	w.count(len(ss))
	for _, src := range ss {
		w.str(colSrcCitation, src.Citation)
		w.str(colSrcURL, src.URL)
		w.str(colSrcPublisher, src.Publisher)
		w.str(colSrcLocator, src.Locator)
		w.date(src.Date)
	}
}

// action writes a state's action.
func (w *columnWriter) action(a *graph.StateAction) error {
	w.str(colActID, a.ID)
	w.str(colActState, a.StateCode)
	w.str(colActInstrument, a.InstrumentID)
	w.str(colActKind, string(a.Kind))
	w.date(a.Date)
	w.date(a.Deposited)
	w.date(a.DepositedBefore)
	w.date(a.InForce)
	w.sources(a.InForceSources)
	w.str(colActDomesticActID, a.DomesticActID)
	w.str(colActDomesticAct, a.DomesticAct)
	if err := w.jsonOr0(len(a.Reservations) > 0, a.Reservations); err != nil {
		return err
	}
	return w.record(&a.Record)
}

// jsonOr0 writes v as its JSON's length and bytes when present, else 0.
func (w *columnWriter) jsonOr0(present bool, v any) error {
	if !present {
		w.count(0)
		return nil
	}
	b, err := json.Marshal(v, encodeOptions)
	if err != nil {
		return err
	}
	w.b = appendBytes(w.b, b)
	return nil
}

func (d *blockReader) obligation() (*graph.Obligation, error) {
	o := &graph.Obligation{}
	o.ID, o.InstrumentID, o.ProvisionID = d.str(colObID), d.str(colObInstrument), d.str(colObProvision)
	o.Modality = graph.DecodedEnum(graph.Modalities, d.str(colObModality))
	if n := d.count(); n > 0 {
		o.Themes = make([]graph.Theme, n)
		for i := range o.Themes {
			o.Themes[i] = graph.DecodedEnum(graph.Themes, d.str(colObTheme))
		}
	}
	o.Summary, o.Nature = d.str(colObSummary), graph.DecodedEnum(graph.ObligationNatures, d.str(colObNature))
	if err := d.record(&o.Record); err != nil {
		return nil, err
	}
	return o, d.err
}

func (d *blockReader) record(r *graph.Record) error {
	r.Unverified = d.flag()
	r.Note, r.Origin, r.OriginLine = d.str(colObNote), d.str(colObOrigin), int(d.uvarint())
	r.Sources = d.sources()
	if claims := d.bytes(); len(claims) > 0 {
		if err := json.Unmarshal(claims, &r.Claims, decodeOptions); err != nil {
			return err
		}
	}
	if s := d.bytes(); len(s) > 0 {
		if err := json.Unmarshal(s, &r.Suggestion, decodeOptions); err != nil {
			return err
		}
	}
	return nil
}

func (d *blockReader) sources() []graph.Source {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]graph.Source, n)
	for i := range out {
		src := &out[i]
		src.Citation, src.URL, src.Publisher, src.Locator = d.str(colSrcCitation), d.str(colSrcURL), d.str(colSrcPublisher), d.str(colSrcLocator)
		src.Date = d.date()
	}
	return out
}

func (d *blockReader) action() (*graph.StateAction, error) {
	a := &graph.StateAction{}
	a.ID, a.StateCode, a.InstrumentID = d.str(colActID), d.str(colActState), d.str(colActInstrument)
	a.Kind = graph.DecodedEnum(graph.ActionKinds, d.str(colActKind))
	a.Date, a.Deposited, a.DepositedBefore, a.InForce = d.date(), d.date(), d.date(), d.date()
	a.InForceSources = d.sources()
	a.DomesticActID, a.DomesticAct = d.str(colActDomesticActID), d.str(colActDomesticAct)
	if rs := d.bytes(); len(rs) > 0 {
		if err := json.Unmarshal(rs, &a.Reservations, decodeOptions); err != nil {
			return nil, err
		}
	}
	if err := d.record(&a.Record); err != nil {
		return nil, err
	}
	return a, d.err
}

func appendBytes(b, v []byte) []byte {
	return append(binary.AppendUvarint(b, uint64(len(v))), v...)
}

func appendFlag(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// blockReader reads a binary block. The block is made a string once, and
// every string read slices it. The first problem stops the reader and is
// kept in err, every later read returning zero values.
type blockReader struct {
	s    string // the block, past its first byte
	off  int
	last [64]string
	err  error
}

func newBlockReader(v []byte) *blockReader { return &blockReader{s: string(v[1:])} }

func (d *blockReader) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("truncated or corrupt at %s (byte %d)", what, d.off+1)
	}
	d.off = len(d.s)
}

func (d *blockReader) left() int { return len(d.s) - d.off }

func (d *blockReader) uvarint() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if d.off >= len(d.s) {
			break
		}
		c := d.s[d.off]
		d.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	d.fail("a number")
	return 0
}

func (d *blockReader) varint() int64 {
	u := d.uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// count reads a count, refusing one larger than the bytes left could hold.
func (d *blockReader) count() int {
	n := d.uvarint()
	if n > uint64(d.left()) {
		d.fail("a count")
		return 0
	}
	return int(n)
}

func (d *blockReader) date() graph.Date {
	return graph.Date{Year: int(d.varint()), Month: int(d.varint()), Day: int(d.varint())}
}

func (d *blockReader) flag() bool {
	if d.left() == 0 {
		d.fail("a flag")
		return false
	}
	v := d.s[d.off] != 0
	d.off++
	return v
}

// bytes reads a length-prefixed run of bytes (a node's JSON).
func (d *blockReader) bytes() []byte {
	n := d.count()
	v := d.s[d.off : d.off+n]
	d.off += n
	return []byte(v)
}

func (d *blockReader) str(col int) string {
	n := d.uvarint()
	switch {
	case d.err != nil:
		return ""
	case n == 0:
		if d.last[col] == "" {
			d.fail("a repeat with nothing before it")
		}
		return d.last[col]
	case n-1 > uint64(d.left()):
		d.fail("a string")
		return ""
	}
	v := d.s[d.off : d.off+int(n-1)]
	d.off += int(n - 1)
	d.last[col] = v
	return v
}

func (d *blockReader) list(col int) []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str(col)
	}
	return out
}
