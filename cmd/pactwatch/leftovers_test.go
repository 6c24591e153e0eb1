package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// A restore killed with SIGKILL mid-stream leaves its store beside the
// target and its spool in the temporary directory; the next restore
// removes both, and leaves a restore that is still running alone.
func TestRestoreRemovesKilledLeftovers(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	file := filepath.Join(t.TempDir(), "good.bak")
	mustRun(t, "backup", "--db", fixtureDB(t), file)
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	target := filepath.Join(parent, "db")

	// Half of the backup on standard input, and no more: the restore waits
	// for the rest with its store open and its spool half written.
	stalled := func(want int) *exec.Cmd {
		cmd := exec.Command(binary, "restore", "--db", target, "-")
		cmd.Env = testEnv(t)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		stdin.Write(good[:len(good)/2])
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			locks, _ := filepath.Glob(filepath.Join(parent, ".db.restore-*", "LOCK"))
			spools, _ := filepath.Glob(filepath.Join(tmp, "pactwatch-restore-*"))
			if len(locks) == want && len(spools) == want {
				return cmd
			}
			if time.Now().After(deadline) {
				t.Fatalf("the restore never opened its store and spool: %v %v", locks, spools)
			}
		}
	}
	killed := stalled(1)
	killed.Process.Kill()
	killed.Wait()
	// The next restore removes the killed one's store and spool when it
	// starts, and stalls in turn.
	running := stalled(1)
	if got := leftovers(t, parent); len(got) != 1 {
		t.Fatalf("got %v beside the target, want only the running restore's store", got)
	}
	// A restore that is still running is left alone.
	mustRun(t, "restore", "--db", target, file)
	if got := leftovers(t, parent, "db"); len(got) != 1 {
		t.Errorf("got %v beside the target, want the running restore's store kept", got)
	}
	running.Process.Kill()
	running.Wait()
	// Killed too, its leftovers go at the next start (a restore refused,
	// since the target now holds a store).
	if r := pactwatch(t, nil, "restore", "--db", target, file); r.code == 0 {
		t.Errorf("restore into a full store: exit 0, want a refusal")
	}
	if got := leftovers(t, parent, "db"); len(got) != 0 {
		t.Errorf("got %v beside the target, want the killed restore's store removed", got)
	}
	if spools, _ := filepath.Glob(filepath.Join(tmp, "pactwatch-*")); len(spools) != 0 {
		t.Errorf("got spools %v, want the killed restore's removed", spools)
	}
	// The restored store answers.
	if r := pactwatch(t, bytes.NewReader(nil), "query", "--db", target, "{ states { code } }"); r.code != 0 {
		t.Errorf("query of the restored store: exit %d: %s", r.code, r.stderr)
	}
}
