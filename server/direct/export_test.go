package direct

import (
	"maps"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/pactwatch/pactwatch/server/generated"
	"github.com/pactwatch/pactwatch/server/resolvers"
)

// Planned returns the response keys of the root fields of query (with
// vars) that the direct path answers, and whether it lets the answer be
// kept; the HTTP tests use it to make sure they compared direct answers.
func Planned(query string, vars map[string]any) (keys []string, keep bool, err error) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &resolvers.Resolver{}}).Schema()
	doc, errs := gqlparser.LoadQueryWithRules(schema, query, nil)
	if errs != nil {
		return nil, false, errs
	}
	plans, keep := planOperation(&graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: vars})
	return slices.Sorted(maps.Keys(plans)), keep, nil
}
