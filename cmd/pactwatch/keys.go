package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pactwatch/pactwatch/graph"
)

func runKeys(ctx context.Context, e *env, args []string) error {
	const usage = "keys create --role curator|editor|admin --name NAME [--db DIR] | keys list [--db DIR] | keys revoke NAME [--db DIR]"
	if len(args) == 0 {
		return usageErrorf("keys: give a subcommand: create, list or revoke (run 'pactwatch keys --help')")
	}
	f := newFlags("keys", usage,
		"Manage the API keys that authenticate writes to /graphql (Authorization: Bearer\n"+
			"KEY). create prints the new key's secret alone on standard output, once: only a\n"+
			"hash of it is stored. Roles: curator (writes drafts), editor (writes live changes\n"+
			"and publishes drafts), admin (everything, and keys over the API). list shows the\n"+
			"keys without secrets; revoke makes a key fail from then on. While 'pactwatch\n"+
			"serve' runs on the store, the keys commands ask it over the socket beside the\n"+
			"store (keys.sock, readable by the store's owner only), with no key needed.",
		"  pactwatch keys create --role admin --name alice > alice.key\n  pactwatch keys list\n  pactwatch keys revoke alice")
	db := dbFlag(f)
	role := f.String("role", "", "create: the key's role (curator, editor or admin)")
	name := f.String("name", "", "create: the key's name, recorded as the author of its changes")
	sub, rest := args[0], args[1:]
	if sub == "-h" || sub == "-help" || sub == "--help" || sub == "help" {
		f.printHelp(e.stdout)
		return nil
	}
	pos, err := f.parse(e, rest)
	if err != nil {
		return helpOrErr(err)
	}
	dir, err := resolveDB(e, *db)
	if err != nil {
		return err
	}
	switch sub {
	case "create":
		if len(pos) > 0 {
			return usageErrorf("keys create: unexpected argument %q", pos[0])
		}
		r := graph.Role(strings.ToUpper(*role))
		if !graph.ValidEnum(graph.Roles, r) {
			return usageErrorf("keys create: --role: want curator, editor or admin, got %q", *role)
		}
		if strings.TrimSpace(*name) == "" {
			return usageErrorf("keys create: --name NAME is required")
		}
		if kc := runningKeys(ctx, dir); kc != nil {
			resp, err := kc.do(ctx, keysRequest{Op: "create", Name: *name, Role: r})
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, resp.Secret)
			return nil
		}
		s, err := openStore(ctx, dir)
		if err != nil {
			return err
		}
		defer s.Close()
		secret, _, err := s.CreateAPIKey(ctx, *name, r)
		if err != nil {
			return fmt.Errorf("%s", describeError(err))
		}
		fmt.Fprintln(e.stdout, secret)
		return nil
	case "list":
		if len(pos) > 0 {
			return usageErrorf("keys list: unexpected argument %q", pos[0])
		}
		var keys []*graph.APIKey
		if kc := runningKeys(ctx, dir); kc != nil {
			resp, err := kc.do(ctx, keysRequest{Op: "list"})
			if err != nil {
				return err
			}
			keys = resp.Keys
		} else {
			s, err := openExistingStoreForReading(ctx, dir)
			if err != nil {
				return err
			}
			defer s.Close()
			if keys, err = s.APIKeys(ctx); err != nil {
				return err
			}
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCREATED\tSTATUS")
		for _, k := range keys {
			status := "valid"
			if k.Revoked {
				status = "revoked " + k.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.Name, strings.ToLower(string(k.Role)), k.Created.Format(time.RFC3339), status)
		}
		return tw.Flush()
	case "revoke":
		if len(pos) != 1 {
			return usageErrorf("keys revoke: give one key NAME")
		}
		var k *graph.APIKey
		if kc := runningKeys(ctx, dir); kc != nil {
			resp, err := kc.do(ctx, keysRequest{Op: "revoke", Name: pos[0]})
			if err != nil {
				return err
			}
			k = resp.Key
		} else {
			s, err := openExistingStore(ctx, dir)
			if err != nil {
				return err
			}
			defer s.Close()
			if k, err = s.RevokeAPIKey(ctx, pos[0]); err != nil {
				return fmt.Errorf("%s", describeError(err))
			}
		}
		fmt.Fprintf(e.stdout, "revoked %s (%s)\n", k.Name, strings.ToLower(string(k.Role)))
		return nil
	}
	return usageErrorf("keys: unknown subcommand %q: want create, list or revoke", sub)
}
