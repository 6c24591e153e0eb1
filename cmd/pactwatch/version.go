package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

func runVersion(_ context.Context, e *env, args []string) error {
	f := newFlags("version", "version", "Print pactwatch's version, its commit when known, and the Go version.",
		"  pactwatch version")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) > 0 {
		return usageErrorf("version: unexpected argument %q", rest[0])
	}
	v, rev := version, ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				rev = s.Value
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	fmt.Fprintf(e.stdout, "pactwatch %s", v)
	if rev != "" {
		fmt.Fprintf(e.stdout, " commit %.12s", rev)
	}
	fmt.Fprintf(e.stdout, " %s\n", runtime.Version())
	return nil
}
