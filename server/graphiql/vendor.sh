#!/usr/bin/env bash
# vendor.sh fetches the pinned GraphiQL 3 UMD bundle and React 18's UMD builds
# from the npm registry, checks each package against its published integrity,
# and copies the files the IDE page loads (with their licences) into vendor/.
# The server embeds vendor/ with go:embed, so the IDE needs no network.
#
# Run it from anywhere: bash server/graphiql/vendor.sh. To move to another
# version, change the pins and integrities below (npm view PKG@VER
# dist.integrity) and the file names in index.html.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# package@version integrity
pins=(
  "graphiql@3.8.3 sha512-cuPDYtXVKV86Pu5PHBX642Odi/uVEE2y1Jxq5rGO/Qy1G2lRp7ZZ7a/T30RzxhuLSWo9zUbzq0P3U49//H0Ugw=="
  "react@18.3.1 sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ=="
  "react-dom@18.3.1 sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw=="
)

cd "$work"
for pin in "${pins[@]}"; do
  pkg="${pin%% *}"
  want="${pin#* }"
  tgz="$(npm pack --silent "$pkg")"
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$got" != "$want" ]; then
    echo "vendor.sh: $pkg: got integrity $got, want $want" >&2
    exit 1
  fi
  name="${pkg%@*}"
  mkdir -p "$name"
  tar xzf "$tgz" -C "$name"
done

rm -rf "$out"
mkdir -p "$out"
# The bundles end with a sourceMappingURL comment for maps that are not
# vendored; drop it so the browser asks for nothing that is not there.
strip_map() { sed -e '/^\/\/# sourceMappingURL=/d' -e '/^\/\*# sourceMappingURL=.*\*\/$/d' "$1" >"$2"; }
strip_map graphiql/package/graphiql.min.js "$out/graphiql-3.8.3.min.js"
strip_map graphiql/package/graphiql.min.css "$out/graphiql-3.8.3.min.css"
cp react/package/umd/react.production.min.js "$out/react-18.3.1.production.min.js"
cp react-dom/package/umd/react-dom.production.min.js "$out/react-dom-18.3.1.production.min.js"
cp graphiql/package/LICENSE "$out/LICENSE-graphiql"
cp react/package/LICENSE "$out/LICENSE-react"
cp react-dom/package/LICENSE "$out/LICENSE-react-dom"
{
  echo "Vendored by server/graphiql/vendor.sh from the npm registry; do not edit."
  echo
  for pin in "${pins[@]}"; do echo "$pin"; done
  echo
  (cd "$out" && sha256sum -- *.js *.css)
} >"$out/VERSIONS"
echo "vendor.sh: wrote $(ls "$out" | wc -l) files to $out"
