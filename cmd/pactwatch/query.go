package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
	"github.com/pactwatch/pactwatch/server"
	"github.com/pactwatch/pactwatch/server/export"
)

// varFlags collects repeated --var name=value flags.
type varFlags []string

func (v *varFlags) String() string { return strings.Join(*v, ",") }

func (v *varFlags) Set(s string) error {
	if name, _, ok := strings.Cut(s, "="); !ok || name == "" {
		return fmt.Errorf("want name=value, got %q", s)
	}
	*v = append(*v, s)
	return nil
}

func runQuery(ctx context.Context, e *env, args []string) error {
	f := newFlags("query", "query [--db DIR] [--var name=value]... ('GRAPHQL' | -f FILE)",
		"Run a GraphQL query in-process against the same schema the server serves, and\n"+
			"print the JSON response (data and errors). The exit status is non-zero when the\n"+
			"response has errors. A --var value is passed as a string unless the query\n"+
			"declares the variable Int, Float or Boolean, or the value is a JSON list or\n"+
			"object. FILE - reads the query from standard input. An empty store is first\n"+
			"loaded with the embedded fixtures.",
		"  pactwatch query --var state=IDN \\\n"+
			"    'query($state: String!) { state(code: $state) { name aseanSince } }'")
	db := dbFlag(f)
	file := f.String("f", "", "read the query from this file (- for standard input)")
	var vars varFlags
	f.Var(&vars, "var", "a variable, name=value (repeatable)")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	var query string
	switch {
	case *file != "" && len(rest) > 0:
		return usageErrorf("query: give the query as an argument or with -f, not both")
	case *file == "-":
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return fmt.Errorf("reading the query from standard input: %v", err)
		}
		query = string(b)
	case *file != "":
		b, err := os.ReadFile(*file)
		if err != nil {
			return fmt.Errorf("cannot read the query: %v", err)
		}
		query = string(b)
	case len(rest) == 1:
		query = rest[0]
	case len(rest) == 0:
		return usageErrorf("query: no query given (run 'pactwatch query --help')")
	default:
		return usageErrorf("query: give one query; quote it, e.g. '{ states { code } }'")
	}
	values, err := parseVars(query, vars)
	if err != nil {
		return err
	}
	q, err := openQuerier(ctx, e, *db)
	if err != nil {
		return err
	}
	defer q.close()
	resp, err := q.exec(ctx, query, values)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, resp.raw, "", "  "); err != nil {
		return fmt.Errorf("the response is not JSON: %v", err)
	}
	out.WriteByte('\n')
	if _, err := e.stdout.Write(out.Bytes()); err != nil {
		return err
	}
	return resp.err()
}

// parseVars turns name=value pairs into GraphQL variables, typed by the
// query's own variable definitions where it has them.
func parseVars(query string, pairs []string) (map[string]any, error) {
	types := map[string]*ast.Type{}
	if doc, err := parser.ParseQuery(&ast.Source{Input: query}); err == nil {
		for _, op := range doc.Operations {
			for _, d := range op.VariableDefinitions {
				types[d.Variable] = d.Type
			}
		}
	}
	vars := map[string]any{}
	for _, p := range pairs {
		name, value, _ := strings.Cut(p, "=")
		name = strings.TrimPrefix(name, "$")
		v, err := varValue(types[name], value)
		if err != nil {
			return nil, usageErrorf("query: --var %s: %v", name, err)
		}
		vars[name] = v
	}
	return vars, nil
}

func varValue(t *ast.Type, value string) (any, error) {
	trimmed := strings.TrimSpace(value)
	isJSON := strings.HasPrefix(trimmed, "[") || strings.HasPrefix(trimmed, "{")
	if t != nil {
		switch {
		case t.Elem != nil:
			isJSON = true
		case t.NamedType == "Int" || t.NamedType == "Float" || t.NamedType == "Boolean":
			isJSON = true
		}
	}
	if !isJSON {
		return value, nil
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(trimmed))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%q is not a JSON value: %v", value, err)
	}
	return v, nil
}

// querier runs GraphQL in-process against a store, or, when a running
// serve holds the store, against that server's API (api; store and srv are
// then nil), so that the CLI and the dashboard answer from the same data.
type querier struct {
	store *store.Store
	srv   *server.Server
	api   *remoteAPI
}

// openQuerier opens the store for a query, loading the embedded fixtures
// into an empty one first (and saying so on stderr), so that the commands
// work on a fresh machine as they would against a running server.
func openQuerier(ctx context.Context, e *env, dbDir string) (*querier, error) {
	dir, err := resolveDB(e, dbDir)
	if err != nil {
		return nil, err
	}
	s, err := openStoreForReading(ctx, dir)
	if err != nil {
		if r := runningServe(ctx, dir); r != nil {
			fmt.Fprintf(e.stderr, "pactwatch: the store in %s is held by a running 'pactwatch serve' (pid %d): asking its API at %s\n", dir, r.PID, r.URL)
			return &querier{api: &remoteAPI{url: r.URL, client: &http.Client{Timeout: 10 * time.Minute}}}, nil
		}
		return nil, err
	}
	empty, err := isEmpty(ctx, s)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("reading the store: %v", err)
	}
	if empty {
		res, err := loadEmbedded(ctx, s, dir)
		if err != nil {
			s.Close()
			return nil, err
		}
		fmt.Fprintf(e.stderr, "pactwatch: the store in %s was empty: loaded the embedded fixtures (%d records)\n", dir, len(res.Added))
		if dbDir == "" {
			fmt.Fprintf(e.stderr, "pactwatch: that is the default store ($PACTWATCH_DB, else $XDG_DATA_HOME/pactwatch, else ~/.local/share/pactwatch); pass --db DIR to use another, such as the one a running serve holds\n")
		}
	}
	cfg := server.DefaultConfig()
	cfg.Logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg.HoldWebhooks = true // a query delivers nothing: the queue waits for `pactwatch serve`
	return &querier{store: s, srv: server.New(s, cfg)}, nil
}

func (q *querier) close() error {
	if q.store == nil {
		return nil
	}
	return q.store.Close()
}

// remote reports whether the querier asks a running serve.
func (q *querier) remote() bool { return q.api != nil }

// export writes the export p names in format, from the store or from the
// running serve (the same tables either way).
func (q *querier) export(ctx context.Context, p export.ExportParams, format string, w io.Writer) error {
	if q.api != nil {
		return q.api.get(ctx, p.URL(format), w)
	}
	return q.srv.Exports().Export(ctx, p, format, w)
}

// states and instruments are what resolving a user's state or instrument
// reads (resolve.go).
func (q *querier) states(ctx context.Context) ([]*graph.State, error) {
	if q.api == nil {
		return allOf[*graph.State](ctx, q.store, graph.KindState)
	}
	var data struct{ States []*graph.State }
	if err := q.data(ctx, `{ states { code name } }`, &data); err != nil {
		return nil, err
	}
	return data.States, nil
}

func (q *querier) instruments(ctx context.Context) ([]*graph.Instrument, error) {
	if q.api == nil {
		return allOf[*graph.Instrument](ctx, q.store, graph.KindInstrument)
	}
	var data struct {
		Instruments []struct{ ID, ShortTitle, Title string }
	}
	if err := q.data(ctx, `{ instruments { id shortTitle title } }`, &data); err != nil {
		return nil, err
	}
	out := make([]*graph.Instrument, len(data.Instruments))
	for i, in := range data.Instruments {
		out[i] = &graph.Instrument{ID: in.ID, ShortTitle: in.ShortTitle, Title: in.Title}
	}
	return out, nil
}

// data runs a query and decodes its data into dst.
func (q *querier) data(ctx context.Context, query string, dst any) error {
	resp, err := q.exec(ctx, query, nil)
	if err != nil {
		return err
	}
	if err := resp.err(); err != nil {
		return err
	}
	return json.Unmarshal(resp.Data, dst)
}

// response is a GraphQL response: the raw JSON and its errors.
type response struct {
	raw    []byte
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (q *querier) exec(ctx context.Context, query string, vars map[string]any) (*response, error) {
	var raw []byte
	var err error
	if q.api != nil {
		raw, err = q.api.exec(ctx, query, vars)
	} else {
		raw, err = q.srv.Exec(ctx, query, vars)
	}
	if err != nil {
		return nil, fmt.Errorf("query: %s", describeError(err))
	}
	resp := &response{raw: raw}
	if err := json.Unmarshal(raw, resp); err != nil {
		return nil, fmt.Errorf("the response is not JSON: %v", err)
	}
	return resp, nil
}

// err returns the response's errors as one error, or nil.
func (r *response) err() error {
	if len(r.Errors) == 0 {
		return nil
	}
	// Two fields failing for one cause (an unknown state) say it once.
	var msgs []string
	for _, e := range r.Errors {
		if !slices.Contains(msgs, e.Message) {
			msgs = append(msgs, e.Message)
		}
	}
	if len(msgs) == 1 {
		return errors.New(msgs[0])
	}
	return fmt.Errorf("%d errors: %s", len(msgs), strings.Join(msgs, "; "))
}
