package resolvers_test

import (
	"testing"

	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/servertest"
)

// newReview is a review of Myanmar's anti-trafficking law against one
// ACTIP obligation.
func newReview(id string) map[string]any {
	return map[string]any{
		"ID": id, "StateCode": "MMR", "InstrumentID": "actip-2015", "Scope": "LISTED",
		"ObligationIDs": []string{"actip-2015/art_14/para_1/obl_1"}, "Date": "2019-01-01",
		"Method": "STATUTE_READING", "Reviewer": "a test", "LawIDs": []string{"mmr/law-5-2005"},
		"Summary": "The law read against victim identification.",
		"Sources": []map[string]any{{"Citation": "Anti Trafficking in Persons Law 2005", "URL": "https://example.org/law"}},
	}
}

// newLink links Myanmar's anti-trafficking law to the same obligation.
func newLink() map[string]any {
	return map[string]any{
		"ID": "mmr/law-5-2005/implements/actip-2015/art_14/para_1/obl_1", "LawID": "mmr/law-5-2005",
		"ObligationID": "actip-2015/art_14/para_1/obl_1", "Extent": "PARTIAL", "Articles": []string{"Art. 16"},
		"Sources": []map[string]any{{"Citation": "Anti Trafficking in Persons Law 2005", "URL": "https://example.org/law"}},
	}
}

func put(kind string, record map[string]any) map[string]any {
	return map[string]any{"input": map[string]any{"message": "field checks", "publish": true,
		"put": []any{map[string]any{"kind": kind, "record": record}}}}
}

// A record written through the API gets the field checks a file's record
// gets: each required field left out, and each contradiction, is a
// BAD_USER_INPUT error at its field.
func TestCurationFieldChecks(t *testing.T) {
	c := servertest.NewCurationServer(t, server.DefaultConfig())
	without := func(r map[string]any, keys ...string) map[string]any {
		for _, k := range keys {
			delete(r, k)
		}
		return r
	}
	with := func(r map[string]any, k string, v any) map[string]any { r[k] = v; return r }
	for _, tc := range []struct {
		name, kind string
		record     map[string]any
		fields     []string
	}{
		{"ErrReviewRequired", "REVIEW", without(newReview("MMR/review/t1"), "Date", "Method", "Reviewer", "Summary", "Scope"),
			[]string{"date", "method", "reviewer", "summary", "scope"}},
		{"ErrReviewReadNothing", "REVIEW", without(newReview("MMR/review/t2"), "LawIDs"), []string{"laws"}},
		{"ErrReviewListedNothing", "REVIEW", without(newReview("MMR/review/t3"), "ObligationIDs"), []string{"scope"}},
		{"ErrReviewAllHeldLists", "REVIEW", with(newReview("MMR/review/t4"), "Scope", "ALL_HELD"), []string{"scope"}},
		{"ErrReviewID", "REVIEW", newReview("IDN/review/t5"), []string{"id"}},
		{"ErrReviewNoSuchLaw", "REVIEW", with(newReview("MMR/review/t6"), "LawIDs", []string{"mmr/law-none"}), []string{"laws"}},
		{"ErrLinkRequired", "IMPLEMENTATION", without(newLink(), "Extent"), []string{"extent"}},
		{"ErrLinkNoSuchLaw", "IMPLEMENTATION", with(newLink(), "LawID", "mmr/law-none"), []string{"law"}},
		{"ErrEmptySource", "IMPLEMENTATION", with(newLink(), "Sources", []map[string]any{{"Citation": " ", "URL": ""}}), []string{"sources"}},
		{"ErrEvidenceRequired", "EVIDENCE", without(servertest.NewEvidence("idn/ev/t7"), "Kind", "Date", "Summary"), []string{"kind", "date", "summary"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, put(tc.kind, tc.record))
			got := map[string]bool{}
			for _, e := range r.Errors {
				if e.Extensions["code"] != "BAD_USER_INPUT" {
					t.Errorf("error %q: got code %v, want BAD_USER_INPUT", e.Message, e.Extensions["code"])
				}
				f, _ := e.Extensions["field"].(string)
				got[f] = true
			}
			for _, f := range tc.fields {
				if !got["input.put[0].record."+f] {
					t.Errorf("no problem at input.put[0].record.%s; got %v (%s)", f, got, r.Raw)
				}
			}
		})
	}
	t.Run("OKReviewAndLink", func(t *testing.T) {
		var data struct{ ApplyChanges struct{ Added []string } }
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, put("REVIEW", newReview("MMR/review/actip-2015/ok"))), &data)
		servertest.MustData(t, servertest.PostKey(t, c.TS, c.Editor, servertest.ApplyMutation, put("IMPLEMENTATION", newLink())), &data)
		var status struct {
			Node struct {
				Status struct {
					Legal           string
					Reviews         []struct{ ID string }
					Implementations []struct{ ID string }
				}
			}
		}
		servertest.MustData(t, servertest.Post(t, c.TS, `{ node(id: "actip-2015/art_14/para_1/obl_1") { ... on Obligation {
  status(state: "MMR", asOf: "2020-01-01") { legal reviews { id } implementations { id } } } } }`, nil), &status)
		s := status.Node.Status
		if s.Legal != "PARTIAL" || len(s.Reviews) != 1 || s.Reviews[0].ID != "MMR/review/actip-2015/ok" || len(s.Implementations) != 1 {
			t.Errorf("got %+v, want PARTIAL with the review and the link", s)
		}
	})
}
