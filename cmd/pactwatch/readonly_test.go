//go:build linux

package main_test

import (
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadOnlyStore(t *testing.T) {
	// A store on a file system mounted read-only: root cannot write it
	// either, as it could a chmod-ed directory.
	disk := smallDisk(t, "640m") // a new store takes store.Overhead first
	db := filepath.Join(disk, "db")
	mustRun(t, "ingest", "--db", db, fixturesDir)
	if out, err := exec.Command("mount", "-o", "remount,ro", disk).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v: %s", err, out)
	}
	const q = `{ states { code name } instruments { id } }`
	want := mustRun(t, "query", "--db", fixtureDB(t), q).stdout

	t.Run("OKQuery", func(t *testing.T) {
		for _, args := range [][]string{
			{"query", "--db", db, q},
			{"gaps", "IDN", "--db", db, "--as-of", "2020-01-01"},
			{"compare", "--db", db, "--as-of", "2020-01-01"},
			{"search", "--db", db, "non-punishment"},
			{"backup", "--db", db, filepath.Join(t.TempDir(), "ro.bak")},
		} {
			mustRun(t, args...)
		}
		if got := mustRun(t, "query", "--db", db, q).stdout; got != want {
			t.Errorf("query of the read-only store: got %s, want %s", got, want)
		}
	})

	t.Run("OKServe", func(t *testing.T) {
		s := launchServe(t, testEnv(t), "--db", db)
		defer s.stop(t)
		if !strings.Contains(s.log.String(), "read-only") {
			t.Errorf("serve log: got\n%s\nwant it to say the store is read-only", s.log.String())
		}
		resp, err := http.Post("http://"+s.addr+"/graphql", "application/json", strings.NewReader(`{"query":"{ states { code } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"IDN"`) || strings.Contains(string(body), "errors") {
			t.Errorf("query: got %d %s, want the states", resp.StatusCode, body)
		}
		// serve holds a reader's lock: another reader shares it.
		if got := mustRun(t, "query", "--db", db, q).stdout; got != want {
			t.Errorf("query beside a read-only serve: got %s, want %s", got, want)
		}
	})

	t.Run("ErrWrite", func(t *testing.T) {
		r := pactwatch(t, nil, "ingest", "--db", db, fixturesDir)
		checkOneLineError(t, r, 1, "cannot be written")
	})
}
