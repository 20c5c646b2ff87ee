#!/usr/bin/env bash
# Loopback HTTP load of the webhook servlet: Jetty 12.1 + LiveChatWebhookServlet + JDBC store on H2.
# Usage (after `mvn -B package -DskipTests`): benchmarks/load/webhook-load.sh [SECONDS] [CONNECTIONS]
# Warms up for WARMUP seconds (default 30; the JIT needs it on a shared 2-core machine), then measures for SECONDS (default 60) with wrk (2 threads, CONNECTIONS default 16).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN="${1:-60}"
CONNECTIONS="${2:-16}"
PORT="${PORT:-18089}"
BODY="$(mktemp /tmp/lcbridge-webhook-body.XXXXXX.json)"
LOG="$(mktemp /tmp/lcbridge-webhook-server.XXXXXX.log)"
java -Xms512m -Xmx1g -cp benchmarks/target/benchmarks.jar io.lcbridge.benchmarks.WebhookLoadServer "$PORT" "$BODY" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$BODY"' EXIT
for _ in $(seq 1 50); do grep -q "listening" "$LOG" && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/livechat/webhooks"
WARMUP="${WARMUP:-30}"
echo "warm-up ${WARMUP} s"
BODY="$BODY" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s benchmarks/load/webhooks.lua "$URL" | tail -1
echo "measure ${SECONDS_TO_RUN} s"
BODY="$BODY" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s benchmarks/load/webhooks.lua "$URL"
kill "$SERVER"
wait "$SERVER" 2>/dev/null || true
grep -E "handled=" "$LOG"
