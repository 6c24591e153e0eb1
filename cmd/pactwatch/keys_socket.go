package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/pactwatch/pactwatch/graph"
	"github.com/pactwatch/pactwatch/graph/store"
)

// A running serve holds its store, so 'pactwatch keys' cannot open it; and
// a new installation has no admin key to make one over the API. serve
// therefore answers the keys commands on a Unix socket beside the store
// (keysSocketName, mode 0600: only the store's owner may connect), named in
// its record (serve.json). The keys are made by the store as the CLI makes
// them, so each act is audited the same way (graph.AuditEntry, by the
// operator).

// keysSocketName is the socket beside the store on which serve answers the
// keys commands.
const keysSocketName = "keys.sock"

// keysRequest is one keys command sent over the socket.
type keysRequest struct {
	Op   string     `json:"op"` // create, list, revoke
	Name string     `json:"name,omitempty"`
	Role graph.Role `json:"role,omitempty"`
}

// keysResponse is the answer: the secret of a key created, the keys, or the
// error (its graph code and message).
type keysResponse struct {
	Secret string          `json:"secret,omitempty"`
	Key    *graph.APIKey   `json:"key,omitempty"`
	Keys   []*graph.APIKey `json:"keys,omitempty"`
	Code   string          `json:"code,omitempty"`
	Error  string          `json:"error,omitempty"`
}

// serveKeysSocket listens on the keys socket beside the store in dir and
// answers the keys commands from s until ctx ends. It returns the socket's
// path and the function that stops it and removes the socket.
func serveKeysSocket(ctx context.Context, dir string, s *store.Store, log *slog.Logger) (string, func(), error) {
	path := filepath.Join(dir, keysSocketName)
	os.Remove(path) // a killed serve's; this serve holds the store now
	ln, err := net.Listen("unix", path)
	if err != nil {
		return "", nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return "", nil, err
	}
	srv := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { answerKeys(w, r, s, log) }),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	go srv.Serve(ln)
	return path, func() {
		srv.Close()
		os.Remove(path)
	}, nil
}

// answerKeys answers one keys command.
func answerKeys(w http.ResponseWriter, r *http.Request, s *store.Store, log *slog.Logger) {
	var req keysRequest
	var resp keysResponse
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
		resp.Code, resp.Error = graph.EINVALID, "not a keys command"
	} else {
		var err error
		switch req.Op {
		case "create":
			resp.Secret, resp.Key, err = s.CreateAPIKey(r.Context(), req.Name, req.Role)
			if err == nil {
				log.Info("key created over the keys socket", "name", resp.Key.Name, "role", resp.Key.Role)
			}
		case "list":
			resp.Keys, err = s.APIKeys(r.Context())
		case "revoke":
			resp.Key, err = s.RevokeAPIKey(r.Context(), req.Name)
			if err == nil {
				log.Info("key revoked over the keys socket", "name", resp.Key.Name)
			}
		default:
			err = graph.Errorf(graph.EINVALID, "unknown keys command %q", req.Op)
		}
		if err != nil {
			resp = keysResponse{Code: graph.ErrorCode(err), Error: describeError(err)}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

// keysClient sends keys commands to the running serve's socket.
type keysClient struct {
	socket string
	client *http.Client
}

// runningKeys returns the keys socket of the serve that holds the store in
// dir, nil when none is running or it names no socket.
func runningKeys(ctx context.Context, dir string) *keysClient {
	r := runningServe(ctx, dir)
	if r == nil || r.Socket == "" {
		return nil
	}
	if _, err := os.Stat(r.Socket); err != nil {
		return nil
	}
	return &keysClient{socket: r.Socket, client: &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", r.Socket)
		}},
	}}
}

// do sends req and returns the answer, or its error as the CLI words it.
func (c *keysClient) do(ctx context.Context, req keysRequest) (*keysResponse, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://serve/keys", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	resp, err := c.client.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("asking the running serve over %s: %v", c.socket, err)
	}
	defer resp.Body.Close()
	var out keysResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<22)).Decode(&out); err != nil {
		return nil, fmt.Errorf("the running serve's answer over %s: %v", c.socket, err)
	}
	if out.Error != "" {
		return nil, errors.New(out.Error)
	}
	return &out, nil
}
