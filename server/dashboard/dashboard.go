// Package dashboard serves the ratification and implementation dashboard: a
// static page, embedded in the binary, that is a client of the public GraphQL
// API only (POST /graphql, the queries a user could write; "Show query" on
// each panel reveals them). It is plain HTML, CSS and JavaScript with no
// framework, no build step and nothing loaded from outside.
//
// The page's address holds the view, so a view can be shared:
//
//	/?asOf=2017-03-07&basis=LAW&view=matrix
//	  asOf        YYYY-MM-DD; absent means today
//	  basis       LAW, PRACTICE or EITHER (the heatmap's colours and the comparison)
//	  view        matrix, heatmap or compare
//	  instrument  the heatmap's instrument id ("*" for every instrument)
//	  compare     the comparison's instrument id
//
// Tests and scripts find its parts by stable ids and data attributes:
// #asof (date input), #year (slider), input[name=basis], #matrix
// td[data-state][data-instrument][data-status] (status is in-force, ratified,
// signed, none, withdrawn or not-adopted), #heatmap td[data-state]
// [data-obligation][data-bound], #heatmap td.tot[data-gaps][data-bound-count],
// #compare tr[data-state] td[data-key], #drilldown (a dialog; Esc closes it;
// a compliance drill-down's items are .item[data-law] (with
// data-implementation when linked), .item[data-review] and
// .item[data-evidence]; a signed-in curator's forms are #evidence-form,
// #review-form and #link-form), #export-csv. body[data-loading] is "false"
// and body[data-drawn] is "view@asOf/basis" once a view is drawn.
package dashboard

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed assets
var assets embed.FS

// Handler serves the dashboard's embedded assets, index.html at "/".
func Handler() http.Handler {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return http.FileServer(http.FS(sub))
}
