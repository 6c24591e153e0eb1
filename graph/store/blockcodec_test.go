package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/pactwatch/pactwatch/graph"
)

func sampleStateBlock() *graph.StateBlock {
	return &graph.StateBlock{
		State: &graph.State{Code: "IDN", Name: "Indonesia", ASEANSince: graph.MustDate("1967-08-08")},
		Actions: []*graph.StateAction{{ID: "idn-actip-ratification", StateCode: "IDN", InstrumentID: "actip-2015",
			Kind: graph.ActionRatification, Date: graph.MustDate("2017-10"), Record: graph.Record{Note: "a \"quoted\" note", Origin: "states/idn.yaml", OriginLine: 12}},
			{ID: "idn-actip-signature", StateCode: "IDN", InstrumentID: "actip-2015", Kind: graph.ActionSignature, Date: graph.MustDate("2015-11-21"),
				Deposited: graph.MustDate("2017-01-12"), DepositedBefore: graph.MustDate("2018"), InForce: graph.MustDate("2017-03-08"),
				InForceSources: []graph.Source{{Citation: "UNTC", URL: "https://treaties.un.org/", Date: graph.MustDate("2020-01")}},
				DomesticActID:  "idn-law-5-2017", DomesticAct: "Law 5/2017",
				Reservations: []graph.Reservation{{ProvisionIDs: []string{"actip-2015/art_23"}, Text: "reserved", TextKind: graph.TextSummary}},
				Record: graph.Record{Unverified: true, Sources: []graph.Source{{Citation: "UNTC", Publisher: "UN", Locator: "ch. XVIII"}},
					Claims:     []graph.Claim{{Field: "deposited", Value: "2017-01-12", Used: true, Sources: []graph.Source{{Citation: "c"}}}},
					Suggestion: &graph.Suggestion{Kind: graph.SuggestionObligation, Cues: []string{"shall"}, Version: "7", AcceptedBy: "carol", AcceptedAt: time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)}}},
		},
		Laws: []graph.LawRow{
			{ID: "idn-law-21-2007", Number: "21/2007", Enacted: graph.MustDate("2007-04-19"), InForce: graph.MustDate("2007-04")},
			{ID: "idn-law-x", Repealed: graph.MustDate("2019")},
		},
		Links: []graph.LinkRow{
			{Obligation: "actip-2015/art_5/para_1", Implementation: "idn-law-21-2007--art5", Law: "idn-law-21-2007", StartFrom: 20070401, Start: 20070430, Full: true, Articles: []string{"Art. 2", "Art. 3"}},
			{Obligation: "actip-2015/art_5/para_1", Implementation: "idn-law-x--art5", Law: "idn-law-x", Start: 0, RepealedFrom: 20190101, Repealed: 20191231},
		},
		Reviews: []graph.ReviewRow{
			{ID: "rev-1", Instrument: "actip-2015", From: 20240101, AllHeld: true, Date: graph.MustDate("2024-01-01"), Method: graph.ReviewMethods[0], Reviewer: "A. Reader", Laws: []string{"idn-law-x"}},
			{ID: "rev-2", Instrument: "actip-2015", From: 20240102, Provisions: []string{"actip-2015/art_14"}, Obligations: []string{"actip-2015/art_5/para_1", "ασεαν"},
				Date: graph.MustDate("2024-01-02"), Reviewer: "A. Reader", Articles: []string{"Art. 2"}},
		},
		Evidence: []graph.EvidenceRow{
			{ID: "ev-1", On: 20190630, Finding: graph.FindingGap, Obligations: []string{"actip-2015/art_5/para_1"}, Kind: graph.EvidenceKinds[0], Date: graph.MustDate("2019-06")},
			{ID: "ev-2", On: 20180101, Finding: graph.FindingEffective, Themes: []graph.Theme{graph.Themes[0], graph.Themes[1]}, Kind: graph.EvidenceKinds[1], Date: graph.MustDate("2018-01-01")},
		},
	}
}

// TestStateBlockCodec: a block reads back as written; one of an older form
// (the JSON older stores hold, the first binary form, without the fields
// reasons word, or the second, without the first day of a repeal's period)
// reads as not kept; a damaged block is an error.
func TestStateBlockCodec(t *testing.T) {
	sb := sampleStateBlock()
	v, err := encodeStateBlock(sb)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeStateBlock(v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sb) {
		t.Errorf("binary round trip:\ngot  %+v\nwant %+v", got, sb)
	}
	old, err := json.Marshal(sb, encodeOptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, older := range [][]byte{old, append([]byte{0x01}, v[1:]...), append([]byte{0x02}, v[1:]...)} {
		if got, err := decodeStateBlock(older); err != nil || got != nil {
			t.Errorf("an older block: got %+v, %v, want nil (not kept)", got, err)
		}
	}
	empty := &graph.StateBlock{State: &graph.State{Code: "BRN"}}
	if v, err := encodeStateBlock(empty); err != nil {
		t.Fatal(err)
	} else if got, err := decodeStateBlock(v); err != nil || !reflect.DeepEqual(got, empty) {
		t.Errorf("an empty block: got %+v, %v", got, err)
	}
	for n := range len(v) - 1 {
		if _, err := decodeStateBlock(v[:n]); err == nil {
			t.Fatalf("a block cut at %d of %d bytes decoded without error", n, len(v))
		}
	}
	if _, err := decodeStateBlock(append(v[:len(v):len(v)], 0)); err == nil {
		t.Error("a block with a byte left over decoded without error")
	}
}

// TestInstrumentBlockCodec: the same for an instrument's block.
func TestInstrumentBlockCodec(t *testing.T) {
	ib := &graph.InstrumentBlock{
		Instrument: &graph.Instrument{ID: "actip-2015", Title: "ASEAN Convention Against Trafficking in Persons, Especially Women and Children", Binding: true, Adopted: graph.MustDate("2015-11-21")},
		Obligations: []*graph.Obligation{
			{ID: "actip-2015/art_5/para_1", InstrumentID: "actip-2015", ProvisionID: "actip-2015/art_5/para_1", Modality: graph.Modalities[0],
				Themes: []graph.Theme{graph.Themes[0], graph.Themes[2]}, Summary: "criminalise", Nature: graph.NatureDomesticMeasure,
				Record: graph.Record{Unverified: true, Note: "n", Origin: "instruments/actip-2015.yaml", OriginLine: 40,
					Sources: []graph.Source{{Citation: "ACTIP", URL: "https://asean.org/x?a=1&b=2", Publisher: "ASEAN", Date: graph.MustDate("2015-11"), Locator: "Art. 5"}},
					Claims:  []graph.Claim{{Field: "summary", Value: "v", Used: true, Sources: []graph.Source{{Citation: "c"}}}}}},
			{ID: "actip-2015/art_5/para_2", InstrumentID: "actip-2015", ProvisionID: "actip-2015/art_5/para_2", Summary: "criminalise",
				Record: graph.Record{Sources: []graph.Source{{Citation: "ACTIP", URL: "https://asean.org/x?a=1&b=2"}},
					Suggestion: &graph.Suggestion{Kind: graph.SuggestionObligation, Cues: []string{"shall"}, Version: "7", AcceptedBy: "carol", AcceptedAt: time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)}}},
		},
		HeldVerbatim: 3, HeldSummary: 40,
		Incomplete: []string{"actip-2015/art_14"},
		Consents: []graph.ConsentRow{
			{Action: "idn-actip", State: "IDN", Kind: graph.ActionRatification, Deposited: graph.MustDate("2017"), Act: graph.MustDate("2017-01-01")},
			{Action: "mys-actip", State: "MYS", Kind: graph.ActionRatification, DepositedBefore: graph.MustDate("2017-11")},
		},
	}
	v, err := encodeInstrumentBlock(ib)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeInstrumentBlock(v)
	if err != nil || !reflect.DeepEqual(got, ib) {
		t.Errorf("binary round trip: got %+v, %v\nwant %+v", got, err, ib)
	}
	old, err := json.Marshal(ib, encodeOptions)
	if err != nil {
		t.Fatal(err)
	}
	// A block of an older form held consents as days an older rule derived,
	// or no suggestion: it is read as not kept (nil), so that the engine
	// reads the nodes.
	for _, older := range [][]byte{old, append([]byte{0x01}, v[1:]...), append([]byte{0x02}, v[1:]...)} {
		if got, err := decodeInstrumentBlock(older); err != nil || got != nil {
			t.Errorf("an older block: got %+v, %v, want nil (not kept)", got, err)
		}
	}
	for n := range len(v) - 1 {
		if _, err := decodeInstrumentBlock(v[:n]); err == nil {
			t.Fatalf("a block cut at %d of %d bytes decoded without error", n, len(v))
		}
	}
}

// TestBlockCodecKnowsEveryField fails when a field is added to a node the
// binary form writes field by field: blockcodec.go must then write it too.
func TestBlockCodecKnowsEveryField(t *testing.T) {
	for typ, want := range map[reflect.Type]int{
		reflect.TypeFor[graph.Obligation]():      8, // ID … Nature, Record
		reflect.TypeFor[graph.Record]():          7,
		reflect.TypeFor[graph.Source]():          5,
		reflect.TypeFor[graph.LawRow]():          5,
		reflect.TypeFor[graph.StateAction]():     13, // ID … Reservations, Record
		reflect.TypeFor[graph.LinkRow]():         9,
		reflect.TypeFor[graph.ReviewRow]():       11,
		reflect.TypeFor[graph.EvidenceRow]():     7,
		reflect.TypeFor[graph.ConsentRow]():      6,
		reflect.TypeFor[graph.StateBlock]():      6,
		reflect.TypeFor[graph.InstrumentBlock](): 6,
	} {
		if got := typ.NumField(); got != want {
			t.Errorf("%s has %d fields, the block codec writes %d: teach blockcodec.go the new ones", typ, got, want)
		}
	}
}
