//go:build linux

package soak_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pactwatch/pactwatch/graph/store/disktest"
)

// TestAttackFullDisk replays the full-disk reproduction: ingests onto a
// small tmpfs that another program fills 0 to 1.1 s into the load, and
// serve taking writes while it fills. Run with the attacks, as root:
//
//	PACTWATCH_ATTACK=1 go test ./soak -run AttackFullDisk -v
func TestAttackFullDisk(t *testing.T) {
	if os.Getenv("PACTWATCH_ATTACK") == "" {
		t.Skip("set PACTWATCH_ATTACK=1 to run the attacks on the write path")
	}
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system needs root")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "pactwatch")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/pactwatch").CombinedOutput(); err != nil {
		t.Fatalf("building pactwatch: %v: %s", err, out)
	}
	env := append(os.Environ(), "HOME="+tmp)
	mount := func(t *testing.T) string {
		dir := t.TempDir()
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=640m", "tmpfs", dir).CombinedOutput(); err != nil {
			t.Skipf("cannot mount a tmpfs: %v: %s", err, out)
		}
		t.Cleanup(func() { exec.Command("umount", dir).Run() })
		return dir
	}
	dryRun := func(db string) string {
		cmd := exec.Command(bin, "ingest", "--dry-run", "--db", db, "../fixtures")
		cmd.Env = env
		out, _ := cmd.Output()
		return strings.ReplaceAll(string(out), db, "DB")
	}
	none, all := dryRun(filepath.Join(tmp, "empty")), ""
	{
		db := filepath.Join(tmp, "full")
		cmd := exec.Command(bin, "ingest", "--db", db, "../fixtures")
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ingest: %v: %s", err, out)
		}
		all = dryRun(db)
	}

	t.Run("Ingest", func(t *testing.T) {
		var ok, refused, crashed, partial int
		for i := range 12 {
			disk := mount(t)
			db := filepath.Join(disk, "db")
			cmd := exec.Command(bin, "ingest", "--db", db, "../fixtures")
			cmd.Env = env
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			delay := time.Duration(i) * 100 * time.Millisecond
			filled := make(chan string, 1)
			go func() { time.Sleep(delay); filled <- disktest.Fill(disk) }()
			err := cmd.Wait()
			os.Remove(<-filled)
			var ee *exec.ExitError
			switch {
			case err == nil:
				ok++
			case errors.As(err, &ee) && ee.ExitCode() == 3 && strings.Count(stderr.String(), "\n") == 1:
				refused++
			default:
				crashed++
				t.Errorf("fill at %v: %v, %d lines: %.300s", delay, err, strings.Count(stderr.String(), "\n"), stderr.String())
			}
			if _, err := os.Stat(db); err == nil {
				if got := dryRun(db); got != none && got != all {
					partial++
					t.Errorf("fill at %v: the store holds part of the load", delay)
				}
			}
		}
		t.Logf("12 ingests, the disk filled 0 to 1.1 s in: %d finished, %d ended with one line and exit 3, %d crashed; %d stores left with part of the load", ok, refused, crashed, partial)
	})

	t.Run("Serve", func(t *testing.T) {
		var acked, refused int
		lost := 0
		for run := range 3 {
			disk := mount(t)
			db := filepath.Join(disk, "db")
			kc := exec.Command(bin, "keys", "create", "--db", db, "--role", "editor", "--name", "ed")
			kc.Env = env
			out, err := kc.Output()
			if err != nil {
				t.Fatalf("keys create: %v", err)
			}
			key := strings.TrimSpace(string(out))
			start := func() (*exec.Cmd, string) {
				cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0")
				cmd.Env = env
				r, _ := cmd.StderrPipe()
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				re := regexp.MustCompile(`msg=listening addr=([0-9.]+:[0-9]+)`)
				buf := make([]byte, 0, 4096)
				for {
					b := make([]byte, 4096)
					n, err := r.Read(b)
					buf = append(buf, b[:n]...)
					if m := re.FindSubmatch(buf); m != nil {
						go func() {
							b := make([]byte, 4096)
							for {
								if _, err := r.Read(b); err != nil {
									return
								}
							}
						}()
						return cmd, "http://" + string(m[1])
					}
					if err != nil {
						t.Fatalf("serve did not start: %s", buf)
					}
				}
			}
			cmd, base := start()
			post := func(key, query string, vars map[string]any) (string, error) {
				body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
				req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if key != "" {
					req.Header.Set("Authorization", "Bearer "+key)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return "", err
				}
				defer resp.Body.Close()
				var r struct {
					Errors []struct{ Extensions map[string]any }
				}
				json.NewDecoder(resp.Body).Decode(&r)
				if len(r.Errors) > 0 {
					c, _ := r.Errors[0].Extensions["code"].(string)
					return c, nil
				}
				return "", nil
			}
			var ids []string
			filled := make(chan string, 1)
			refusedHere := 0
			for i := 0; i < 300 && refusedHere < 3; i++ {
				if i == 3*(run+1) {
					go func() { filled <- disktest.Fill(disk) }()
				}
				id := fmt.Sprintf("idn/ev/full-%d", i)
				code, err := post(key, `mutation($input: ChangesInput!) { applyChanges(input: $input) { published } }`, map[string]any{"input": map[string]any{
					"message": "full disk", "publish": true, "put": []any{map[string]any{"kind": "EVIDENCE", "record": map[string]any{
						"ID": id, "StateCode": "IDN", "Kind": "NEWS", "Date": "2021-03-01", "Finding": "MIXED", "Summary": "Written as the disk fills.", "Themes": []string{"PROSECUTION"},
						"Sources": []any{map[string]any{"Citation": "Test news, 2021", "URL": "https://example.org/news"}}}}}}})
				switch {
				case err == nil && code == "":
					ids = append(ids, id)
				case code == "INSUFFICIENT_STORAGE":
					refusedHere++
				default:
					t.Fatalf("write %d: %q, %v, want it acknowledged or INSUFFICIENT_STORAGE", i, code, err)
				}
			}
			os.Remove(<-filled)
			refused += refusedHere
			acked += len(ids)
			if code, err := post("", `{ states { code } }`, nil); err != nil || code != "" {
				t.Errorf("a read after the disk filled: %q, %v", code, err)
			}
			cmd.Process.Signal(syscall.SIGTERM)
			cmd.Wait()
			cmd, base = start()
			for _, id := range ids {
				if code, err := post("", `query($id: ID!) { changes(record: $id) { edges { node { author } } } }`, map[string]any{"id": id}); err != nil || code != "" {
					lost++
				}
			}
			cmd.Process.Signal(syscall.SIGTERM)
			cmd.Wait()
		}
		t.Logf("3 serves, the disk filled during applyChanges: %d writes acknowledged, %d refused with INSUFFICIENT_STORAGE, none otherwise; the server answered reads throughout; after a restart %d acknowledged writes missing", acked, refused, lost)
	})
}
