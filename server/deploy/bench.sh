#!/usr/bin/env bash
# bench.sh measures the dashboard's matrix and compare queries, read by GET
# naming their persisted hash, in one run on loopback with wrk:
#   hit          through nginx (the shipped nginx.conf), answered from its cache
#   revalidate   pactwatch alone, the client sending the answer's ETag (304)
#   bare         pactwatch alone, every answer computed and sent
# and prints requests/s and pactwatch's CPU-ms per answer (from
# /proc/PID/stat). Usage: server/deploy/bench.sh [SECONDS] [CONNECTIONS]
# Needs wrk, nginx, python3 and go. It is a measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-5}
conns=${2:-8}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/pactwatch" ./cmd/pactwatch
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
app=127.0.0.1:$(port)
front=127.0.0.1:$(port)
"$work/pactwatch" serve --db "$work/db" --addr "$app" >"$work/serve.log" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
until curl -sf "http://$app/healthz" >/dev/null; do sleep 0.2; done

mkdir -p "$work/nginx"
sed -e "s#/var/cache/nginx/pactwatch#$work/nginx/cache#" -e "s#server 127.0.0.1:8080;#server $app;#" -e "s#listen 80;#listen $front;#" \
  server/deploy/nginx.conf >"$work/nginx/pactwatch.conf"
user=""; [ "$(id -u)" = 0 ] && user="user root;"
cat >"$work/nginx/nginx.conf" <<CONF
$user
daemon off;
master_process off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/client; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  include $work/nginx/pactwatch.conf;
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=("$!")
until curl -s -o /dev/null "http://$front/healthz"; do sleep 0.2; done

# The pages' documents, by the names the dashboard gives them.
path_of() {
  python3 - "$1" <<'PY'
import hashlib, json, sys, urllib.parse
name = sys.argv[1]
docs = json.load(open("server/dashboard/persisted.json"))
# The first document of that name: the one without knownAt, when two are.
doc = sorted((d for d in docs if d.startswith("query " + name + "(")), key=len)[0]
h = hashlib.sha256(doc.encode()).hexdigest()
ext = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": h}}, separators=(",", ":"))
print("/graphql?" + urllib.parse.urlencode({"variables": '{"asOf":"2020-01-01"}', "extensions": ext}))
PY
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$serve_pid/stat"; }
hz=$(getconf CLK_TCK)

printf '%-8s %-11s %12s %14s\n' query path requests/s cpu-ms/answer
for q in RatificationMatrix Compare; do
  p=$(path_of "$q")
  curl -sf -o /dev/null "http://$front$p"   # fill the cache
  # wrk sends no Accept header, and the ETag covers Accept: ask without one.
  etag=$(curl -sf -D - -o /dev/null -H 'Accept:' "http://$app$p" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept:' -H "If-None-Match: $etag" "http://$app$p")
  [ "$code" = 304 ] || { echo "revalidation of $q answered $code, not 304" >&2; exit 1; }
  for mode in hit revalidate bare; do
    case $mode in
      hit) url="http://$front$p"; hdr=() ;;
      revalidate) url="http://$app$p"; hdr=(-H "If-None-Match: $etag") ;;
      bare) url="http://$app$p"; hdr=() ;;
    esac
    before=$(cpu_ticks)
    out=$(wrk -t2 -c"$conns" -d"${secs}s" "${hdr[@]}" "$url")
    after=$(cpu_ticks)
    rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
    n=$(awk '/requests in/{print $1}' <<<"$out")
    codes=$(awk '/Non-2xx/{print $NF}' <<<"$out")
    cpu=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$n" 'BEGIN{printf "%.3f", t*1000/hz/n}')
    printf '%-8s %-11s %12s %14s%s\n' "${q:0:8}" "$mode" "$rps" "$cpu" "${codes:+  (non-2xx: $codes)}"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; wrk -t2 -c$conns -d${secs}s"
