package server

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The Content-Security-Policy of the server's pages, without
// frame-ancestors, which securityHeaders adds from the allow-list. The
// dashboard loads only its own files; so does the GraphQL IDE (GraphiQL,
// vendored), which also needs inline styles (its popovers and scroll locks
// add style elements) and its fonts, which its stylesheet holds as data: URLs.
const (
	cspDashboard = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
	cspGraphiQL  = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
)

// securityHeaders sets, on every response, a Content-Security-Policy whose
// frame-ancestors is the allow-list (or 'none'), X-Content-Type-Options,
// Referrer-Policy and, when no site may frame the pages, X-Frame-Options.
func (s *Server) securityHeaders(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	csp := s.csp.dashboard
	if r.URL.Path == "/graphiql" || strings.HasPrefix(r.URL.Path, "/graphiql/") {
		csp = s.csp.graphiQL
	}
	if len(s.cfg.FrameAncestors) == 0 {
		h.Set("X-Frame-Options", "DENY")
	}
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}

// policies are the Content-Security-Policy values of a server, with its
// frame-ancestors, made once: they are sent with every response.
type policies struct{ dashboard, graphiQL string }

func newPolicies(frameAncestors []string) policies {
	ancestors := "'none'"
	if len(frameAncestors) > 0 {
		ancestors = strings.Join(frameAncestors, " ")
	}
	return policies{dashboard: cspDashboard + "; frame-ancestors " + ancestors, graphiQL: cspGraphiQL + "; frame-ancestors " + ancestors}
}

// cors answers cross-origin requests to /graphql from the allow-list of
// origins: it sets Access-Control-Allow-Origin for them, and answers their
// preflight itself (it reports true then). With no allow-list, no CORS
// header is ever sent, so browsers keep other sites from reading answers.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) (answered bool) {
	origin := r.Header.Get("Origin")
	if origin == "" || len(s.cfg.CORSOrigins) == 0 || r.URL.Path != "/graphql" {
		return false
	}
	w.Header().Add("Vary", "Origin")
	if !slices.Contains(s.cfg.CORSOrigins, origin) {
		return false
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		w.Header().Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Accept")
		w.Header().Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

// metricsGate serves /metrics to loopback clients only, unless the
// configuration opens it to every client.
func (s *Server) metricsGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.cfg.PublicMetrics && !loopback(r.RemoteAddr) {
			http.Error(w, "metrics are served to loopback clients only (serve --metrics-public opens them)", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func loopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ParseOrigins parses a comma-separated allow-list of web origins
// ("https://example.org,http://localhost:3000"), refusing anything but an
// http or https scheme and a host, with an optional port.
func ParseOrigins(list string) ([]string, error) {
	var origins []string
	for _, o := range strings.Split(list, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" ||
			strings.ContainsAny(o, " ;'\"") {
			return nil, fmt.Errorf("%q is not an origin: want scheme://host[:port], such as https://example.org", o)
		}
		origins = append(origins, u.Scheme+"://"+u.Host)
	}
	return origins, nil
}
