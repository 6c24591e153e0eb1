package store

import (
	"encoding/binary"
	"fmt"

	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

// The binary form of a state's fact block. A cold engine reads one block per
// state before it answers; as JSON, a state of five thousand implementation
// links took 15 ms to decode, most of it allocating the same law and
// obligation ids again and again. The binary form keeps each distinct string
// once, in a table that decodes into one string the rows slice, and the
// rows as varints:
//
//	0x01 (codecStateV1)
//	state:    uvarint n | n bytes of the State node's JSON
//	actions:  uvarint n | n bytes of the []*StateAction JSON
//	strings:  uvarint count | count × uvarint length | the bytes, end to end
//	links:    uvarint n | n × (obligation, implementation, law: uvarint string index;
//	          start, repealed: varint; full: one byte)
//	reviews:  uvarint n | n × (id, instrument: index; from: varint; allHeld: byte;
//	          provisions, obligations: uvarint count | indexes)
//	evidence: uvarint n | n × (id: index; on: varint; finding: index;
//	          obligations, themes: uvarint count | indexes)
//
// A block written as JSON (by pactwatch before this form; it begins with
// '{') still reads: decodeStateBlock tells them apart by the first byte.
const codecStateV1 byte = 0x01

// encodeStateBlock returns the binary form of sb.
func encodeStateBlock(sb *graph.StateBlock) ([]byte, error) {
	state, err := json.Marshal(sb.State, encodeOptions)
	if err != nil {
		return nil, err
	}
	actions, err := json.Marshal(sb.Actions, encodeOptions)
	if err != nil {
		return nil, err
	}
	st := &stringTable{index: map[string]uint64{}}
	var rows []byte
	rows = binary.AppendUvarint(rows, uint64(len(sb.Links)))
	for _, l := range sb.Links {
		rows = st.append(rows, l.Obligation)
		rows = st.append(rows, l.Implementation)
		rows = st.append(rows, l.Law)
		rows = binary.AppendVarint(rows, int64(l.Start))
		rows = binary.AppendVarint(rows, int64(l.Repealed))
		rows = appendFlag(rows, l.Full)
	}
	rows = binary.AppendUvarint(rows, uint64(len(sb.Reviews)))
	for _, r := range sb.Reviews {
		rows = st.append(rows, r.ID)
		rows = st.append(rows, r.Instrument)
		rows = binary.AppendVarint(rows, int64(r.From))
		rows = appendFlag(rows, r.AllHeld)
		rows = st.appendList(rows, r.Provisions)
		rows = st.appendList(rows, r.Obligations)
	}
	rows = binary.AppendUvarint(rows, uint64(len(sb.Evidence)))
	for _, e := range sb.Evidence {
		rows = st.append(rows, e.ID)
		rows = binary.AppendVarint(rows, int64(e.On))
		rows = st.append(rows, string(e.Finding))
		rows = st.appendList(rows, e.Obligations)
		rows = binary.AppendUvarint(rows, uint64(len(e.Themes)))
		for _, t := range e.Themes {
			rows = st.append(rows, string(t))
		}
	}
	out := make([]byte, 0, 1+len(state)+len(actions)+len(rows)+st.size+4*len(st.list)+32)
	out = append(out, codecStateV1)
	out = appendBytes(out, state)
	out = appendBytes(out, actions)
	out = binary.AppendUvarint(out, uint64(len(st.list)))
	for _, s := range st.list {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range st.list {
		out = append(out, s...)
	}
	return append(out, rows...), nil
}

// decodeStateBlock reads a state block in either form.
func decodeStateBlock(v []byte) (*graph.StateBlock, error) {
	sb := &graph.StateBlock{}
	if len(v) > 0 && v[0] == '{' {
		return sb, json.Unmarshal(v, sb, decodeOptions)
	}
	if len(v) == 0 || v[0] != codecStateV1 {
		return nil, fmt.Errorf("state block of an unknown form")
	}
	d := &blockReader{b: v[1:]}
	if err := json.Unmarshal(d.bytes(), &sb.State, decodeOptions); err != nil {
		return nil, fmt.Errorf("state block: state: %w", err)
	}
	if err := json.Unmarshal(d.bytes(), &sb.Actions, decodeOptions); err != nil {
		return nil, fmt.Errorf("state block: actions: %w", err)
	}
	d.table()
	if n := d.count(); n > 0 {
		sb.Links = make([]graph.LinkRow, n)
		for i := range sb.Links {
			l := &sb.Links[i]
			l.Obligation, l.Implementation, l.Law = d.str(), d.str(), d.str()
			l.Start, l.Repealed, l.Full = int32(d.varint()), int32(d.varint()), d.flag()
		}
	}
	if n := d.count(); n > 0 {
		sb.Reviews = make([]graph.ReviewRow, n)
		for i := range sb.Reviews {
			r := &sb.Reviews[i]
			r.ID, r.Instrument = d.str(), d.str()
			r.From, r.AllHeld = int32(d.varint()), d.flag()
			r.Provisions, r.Obligations = d.list(), d.list()
		}
	}
	if n := d.count(); n > 0 {
		sb.Evidence = make([]graph.EvidenceRow, n)
		for i := range sb.Evidence {
			e := &sb.Evidence[i]
			e.ID = d.str()
			e.On = int32(d.varint())
			e.Finding = graph.Finding(d.str())
			e.Obligations = d.list()
			if n := d.count(); n > 0 {
				e.Themes = make([]graph.Theme, n)
				for j := range e.Themes {
					e.Themes[j] = graph.Theme(d.str())
				}
			}
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("state block: %w", d.err)
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("state block: %d bytes left over", len(d.b))
	}
	return sb, nil
}

// The binary form of an instrument's fact block, for the same reason: as
// JSON, the six hundred instruments of the synthetic world, with every
// state's consent to each, took 30 ms to decode on a cold engine.
//
//	0x01 (codecInstrumentV1)
//	instrument:  uvarint n | n bytes of the Instrument node's JSON
//	obligations: uvarint n | n bytes of the []*Obligation JSON
//	heldVerbatim, heldSummary: uvarint
//	incomplete:  uvarint count | count × (uvarint n | n bytes)
//	strings:     as in a state block
//	consents:    uvarint n | n × (action, state, kind: index; on, before: varint;
//	             shown: year, month, day varints)
const codecInstrumentV1 byte = 0x01

// encodeInstrumentBlock returns the binary form of ib.
func encodeInstrumentBlock(ib *graph.InstrumentBlock) ([]byte, error) {
	inst, err := json.Marshal(ib.Instrument, encodeOptions)
	if err != nil {
		return nil, err
	}
	obs, err := json.Marshal(ib.Obligations, encodeOptions)
	if err != nil {
		return nil, err
	}
	st := &stringTable{index: map[string]uint64{}}
	var rows []byte
	rows = binary.AppendUvarint(rows, uint64(len(ib.Consents)))
	for _, c := range ib.Consents {
		rows = st.append(rows, c.Action)
		rows = st.append(rows, c.State)
		rows = st.append(rows, string(c.Kind))
		rows = binary.AppendVarint(rows, int64(c.On))
		rows = binary.AppendVarint(rows, int64(c.Before))
		rows = binary.AppendVarint(rows, int64(c.Shown.Year))
		rows = binary.AppendVarint(rows, int64(c.Shown.Month))
		rows = binary.AppendVarint(rows, int64(c.Shown.Day))
	}
	out := make([]byte, 0, 1+len(inst)+len(obs)+len(rows)+st.size+4*len(st.list)+64)
	out = append(out, codecInstrumentV1)
	out = appendBytes(out, inst)
	out = appendBytes(out, obs)
	out = binary.AppendUvarint(out, uint64(ib.HeldVerbatim))
	out = binary.AppendUvarint(out, uint64(ib.HeldSummary))
	out = binary.AppendUvarint(out, uint64(len(ib.Incomplete)))
	for _, id := range ib.Incomplete {
		out = appendBytes(out, []byte(id))
	}
	out = binary.AppendUvarint(out, uint64(len(st.list)))
	for _, s := range st.list {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range st.list {
		out = append(out, s...)
	}
	return append(out, rows...), nil
}

// decodeInstrumentBlock reads an instrument block in either form.
func decodeInstrumentBlock(v []byte) (*graph.InstrumentBlock, error) {
	ib := &graph.InstrumentBlock{}
	if len(v) > 0 && v[0] == '{' {
		return ib, json.Unmarshal(v, ib, decodeOptions)
	}
	if len(v) == 0 || v[0] != codecInstrumentV1 {
		return nil, fmt.Errorf("instrument block of an unknown form")
	}
	d := &blockReader{b: v[1:]}
	if err := json.Unmarshal(d.bytes(), &ib.Instrument, decodeOptions); err != nil {
		return nil, fmt.Errorf("instrument block: instrument: %w", err)
	}
	if err := json.Unmarshal(d.bytes(), &ib.Obligations, decodeOptions); err != nil {
		return nil, fmt.Errorf("instrument block: obligations: %w", err)
	}
	ib.HeldVerbatim, ib.HeldSummary = int(d.uvarint()), int(d.uvarint())
	if n := d.count(); n > 0 {
		ib.Incomplete = make([]string, n)
		for i := range ib.Incomplete {
			ib.Incomplete[i] = string(d.bytes())
		}
	}
	d.table()
	if n := d.count(); n > 0 {
		ib.Consents = make([]graph.ConsentRow, n)
		for i := range ib.Consents {
			c := &ib.Consents[i]
			c.Action, c.State, c.Kind = d.str(), d.str(), graph.ActionKind(d.str())
			c.On, c.Before = int32(d.varint()), int32(d.varint())
			c.Shown = graph.Date{Year: int(d.varint()), Month: int(d.varint()), Day: int(d.varint())}
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("instrument block: %w", d.err)
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("instrument block: %d bytes left over", len(d.b))
	}
	return ib, nil
}

// stringTable numbers the distinct strings of a block.
type stringTable struct {
	index map[string]uint64
	list  []string
	size  int
}

func (t *stringTable) append(b []byte, s string) []byte {
	i, ok := t.index[s]
	if !ok {
		i = uint64(len(t.list))
		t.index[s] = i
		t.list = append(t.list, s)
		t.size += len(s)
	}
	return binary.AppendUvarint(b, i)
}

func (t *stringTable) appendList(b []byte, list []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(list)))
	for _, s := range list {
		b = t.append(b, s)
	}
	return b
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

// blockReader reads a binary block; the first problem stops it and is kept
// in err, every later read returning zero values.
type blockReader struct {
	b       []byte
	strings []string
	err     error
}

func (d *blockReader) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("truncated or corrupt at %s", what)
	}
	d.b = nil
}

func (d *blockReader) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("a count")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *blockReader) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("a number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a count, refusing one larger than the bytes left could hold.
func (d *blockReader) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail("a count")
		return 0
	}
	return int(n)
}

func (d *blockReader) flag() bool {
	if len(d.b) == 0 {
		d.fail("a flag")
		return false
	}
	v := d.b[0] != 0
	d.b = d.b[1:]
	return v
}

func (d *blockReader) bytes() []byte {
	n := d.count()
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

// table reads the string table into one string, which every string of the
// block then slices.
func (d *blockReader) table() {
	n := d.count()
	lens := make([]int, n)
	total := 0
	for i := range lens {
		lens[i] = int(d.uvarint())
		total += lens[i]
	}
	if total > len(d.b) || d.err != nil {
		d.fail("the string table")
		return
	}
	all := string(d.b[:total])
	d.b = d.b[total:]
	d.strings = make([]string, n)
	off := 0
	for i, l := range lens {
		d.strings[i] = all[off : off+l]
		off += l
	}
}

func (d *blockReader) str() string {
	i := d.uvarint()
	if i >= uint64(len(d.strings)) {
		d.fail("a string index")
		return ""
	}
	return d.strings[i]
}

func (d *blockReader) list() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}
