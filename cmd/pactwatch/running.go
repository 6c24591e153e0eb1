package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// A running serve holds its store (Badger allows one writer), so the CLI's
// read commands cannot open it. serve records where it listens beside the
// store (serveRecordName); a read command that finds the store held asks
// that server's API instead, and says so in one line. keys asks it over its
// keys socket (keys_socket.go); the other commands that write (ingest,
// restore) say what to do.

// serveRecordName is the file beside the store that names the running serve.
const serveRecordName = "serve.json"

// serveRecord is what a running serve writes beside its store.
type serveRecord struct {
	URL     string    `json:"url"`
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
	// Socket is the Unix socket on which the serve answers the keys
	// commands (keys_socket.go); empty when it offers none.
	Socket string `json:"socket,omitempty"`
}

// writeServeRecord writes the record of a serve listening at url beside the
// store in dir (mode 0600, replaced atomically) and returns the function that
// removes it when serve stops.
func writeServeRecord(dir, url, socket string) (func(), error) {
	b, err := json.Marshal(serveRecord{URL: url, PID: os.Getpid(), Started: time.Now().UTC(), Socket: socket})
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, serveRecordName)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	return func() {
		// Only this serve's record: another may have replaced it.
		if r, err := readServeRecordFile(dir); err == nil && r.PID == os.Getpid() {
			os.Remove(path)
		}
	}, nil
}

func readServeRecordFile(dir string) (*serveRecord, error) {
	b, err := os.ReadFile(filepath.Join(dir, serveRecordName))
	if err != nil {
		return nil, err
	}
	var r serveRecord
	if err := json.Unmarshal(b, &r); err != nil || r.URL == "" {
		return nil, fmt.Errorf("%s: not a serve record", filepath.Join(dir, serveRecordName))
	}
	return &r, nil
}

// runningServe returns the serve that holds the store in dir, when its
// record is there and it answers /healthz; nil otherwise (a record left by
// a serve that was killed names nobody).
func runningServe(ctx context.Context, dir string) *serveRecord {
	r, err := readServeRecordFile(dir)
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL+"/healthz", nil)
	if err != nil {
		return nil
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil
	}
	return r
}

// heldByServe says, for a store another process holds, which serve holds it
// and what to do instead; "" when no running serve is recorded.
func heldByServe(ctx context.Context, dir, what string) string {
	r := runningServe(ctx, dir)
	if r == nil {
		return ""
	}
	return fmt.Sprintf("the store in %s is held by a running 'pactwatch serve' at %s (pid %d); %s", dir, r.URL, r.PID, what)
}

// remoteAPI asks a running serve's API over HTTP.
type remoteAPI struct {
	url    string
	client *http.Client
}

// exec posts a GraphQL request and returns the raw response.
func (a *remoteAPI) exec(ctx context.Context, query string, vars map[string]any) ([]byte, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.url+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("asking the running serve at %s: %v", a.url, err)
	}
	defer resp.Body.Close()
	return io.ReadAll(io.LimitReader(resp.Body, 1<<30))
}

// get fetches a path of the server (an export) into w. An answer the
// server cannot give yet (503 with Retry-After: its search index is being
// built) is asked again after the delay it names, for up to two minutes.
func (a *remoteAPI) get(ctx context.Context, path string, w io.Writer) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.url+path, nil)
		if err != nil {
			return err
		}
		resp, err := a.client.Do(req)
		if err != nil {
			return fmt.Errorf("asking the running serve at %s: %v", a.url, err)
		}
		wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		if resp.StatusCode != http.StatusServiceUnavailable || wait <= 0 || time.Now().After(deadline) {
			defer resp.Body.Close()
			return a.read(resp, path, w)
		}
		resp.Body.Close()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(min(wait, 5)) * time.Second):
		}
	}
}

// read copies a 200 answer into w, or returns the error the server gave.
func (a *remoteAPI) read(resp *http.Response, path string, w io.Writer) error {
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		var e struct {
			Errors []struct {
				Message string `json:"message"`
			} `json:"errors"`
		}
		if json.Unmarshal(b, &e) == nil && len(e.Errors) > 0 && e.Errors[0].Message != "" {
			return errors.New(e.Errors[0].Message)
		}
		return fmt.Errorf("the running serve answered %s for %s: %s", resp.Status, path, oneLine(string(b)))
	}
	_, err := io.Copy(w, resp.Body)
	return err
}
