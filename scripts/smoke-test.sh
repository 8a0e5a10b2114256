#!/usr/bin/env bash
# Starts the built server exactly as the Dockerfile does (node dist/server.js) on a free port with a
# throwaway database, asks one question over the public API, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
workdir=$(mktemp -d)
port=${SMOKE_PORT:-3917}
PORT=$port DATABASE_URL="sqlite:$workdir/parley.db" LOG_LEVEL=warn node dist/server.js > "$workdir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$workdir/server.log"; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/readyz"; echo
created=$(curl -fsS -X POST -H 'content-type: application/json' -d '{"locale":"fr"}' "http://127.0.0.1:$port/v1/conversations")
id=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).id)' "$created")
token=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).token)' "$created")
answer=$(curl -fsS -X POST -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d '{"text":"Combien de temps prend la livraison ?"}' "http://127.0.0.1:$port/v1/conversations/$id/messages")
node -e '
const turn = JSON.parse(process.argv[1]);
const cited = turn.reply.citations[0];
if (turn.reply.language !== "fr" || !cited || !/^\/help\/fr\/shipping#[a-z0-9-]+$/.test(String(cited.url))) { console.error("unexpected reply", turn.reply); process.exit(1); }
console.log("smoke ok:", turn.reply.tier, turn.reply.language, turn.reply.citations[0].title);
' "$answer"
# The citation links to the local help center: the page exists and has the cited section's anchor.
cited_url=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).reply.citations[0].url)' "$answer")
help_page=$(curl -fsS "http://127.0.0.1:$port${cited_url%%#*}")
grep -q "id=\"${cited_url#*#}\"" <<<"$help_page" || { echo "help page ${cited_url} lacks its section anchor" >&2; exit 1; }
echo "help page ok: ${cited_url}"
