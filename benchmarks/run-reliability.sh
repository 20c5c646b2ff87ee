#!/usr/bin/env bash
# Reliability suite (issue 8): soak of the demo's webhook endpoint on the PostgreSQL store through a database outage,
# then the verifier's mutation corpus replayed over HTTP. Run from anywhere in a clone, as root or as a normal user:
#   benchmarks/run-reliability.sh            # full: 5 min soak at 25 deliveries/s, PostgreSQL down 30 s, 10 000 bad bodies
#   benchmarks/run-reliability.sh --quick    # quick: 60 s soak at 20/s, PostgreSQL down 15 s, 2 000 bad bodies
# Needs JDK 17, Maven, PostgreSQL server binaries (/usr/lib/postgresql/*/bin), curl. Writes docs/RELIABILITY.md
# (env RELIABILITY_DOC=path writes the report elsewhere, as .ci/run does); whatever follows the line
# "<!-- hand-written below -->" in the existing report is kept.
# The last line is (sent = HTTP posts of the soak, retries included; unique = distinct deliveries):
#   RESULT sent=.. unique=.. dispatched_once=.. lost=.. duplicated=.. bad_input_5xx=.. unauthenticated_dispatches=..
# Exit status is non-zero when lost, duplicated, bad_input_5xx or unauthenticated_dispatches is not 0 (or a page failed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

MODE=full
DOC="${RELIABILITY_DOC:-docs/RELIABILITY.md}"
HAND_MARKER="<!-- hand-written below -->"
if [[ "${1:-}" == "--quick" ]]; then MODE=quick; elif [[ -n "${1:-}" ]]; then echo "usage: $0 [--quick]" >&2; exit 2; fi
if [[ $MODE == quick ]]; then
  RATE=20; SOAK_S=60; OUTAGE_AT=20; OUTAGE_S=15; BAD_COUNT=2000
else
  RATE=25; SOAK_S=300; OUTAGE_AT=120; OUTAGE_S=30; BAD_COUNT=10000
fi
BAD_CONCURRENCY=8
SEED="${SEED:-$(date +%s)}"
RUN_ID="R$(date +%s)"
WEBHOOK_SECRET="reliability-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
SIGNING_SECRET="$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
LICENSE=12345678

log() { echo "[$(date -u +%H:%M:%S)] $*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/pg_ctl" ]]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 1
fi
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

WORK="$(mktemp -d /tmp/lcbridge-reliability.XXXXXX)"
[[ "$(id -u)" == 0 ]] && chown postgres:postgres "$WORK"
PGDATA="$WORK/data"
PG_PORT="$(free_port)"
APP_PORT="$(free_port)"
APP_PID=""
cleanup() {
  if [[ -n "$APP_PID" ]]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

log "mode=$MODE: building the demo jar and the benchmarks jar"
mvn -B -q -pl examples/spring-boot-demo,benchmarks -am package -DskipTests
DEMO_JAR="$ROOT/examples/spring-boot-demo/target/lcbridge-demo.jar"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"

pg_start() {
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$WORK/pg.log" -w -t 60 \
    -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -F -c full_page_writes=off" start >/dev/null
}
pg_stop() { as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null; }
psql_q() { as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -At -c "$1"; }

log "PostgreSQL: initdb and start on 127.0.0.1:$PG_PORT ($PG_BIN)"
as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --no-sync --no-instructions >/dev/null
pg_start

log "demo: starting on 127.0.0.1:$APP_PORT with the JDBC store on PostgreSQL"
java -Xms256m -Xmx512m -jar "$DEMO_JAR" \
  --server.address=127.0.0.1 --server.port="$APP_PORT" \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
  --spring.datasource.username=postgres --spring.datasource.password= \
  --spring.datasource.hikari.connection-timeout=2000 --spring.datasource.hikari.validation-timeout=1000 \
  --livechat.license="$LICENSE" --livechat.signing.secret="$SIGNING_SECRET" \
  --livechat.webhook.secret-keys="$WEBHOOK_SECRET" --livechat.webhook.store=jdbc \
  --logging.level.io.lcbridge=WARN >"$WORK/demo.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$APP_PORT/events/tally" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/demo.log" >&2; echo "demo did not start" >&2; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$APP_PORT/events/tally" >/dev/null || { tail -50 "$WORK/demo.log" >&2; echo "demo not ready" >&2; exit 1; }
BASE="http://127.0.0.1:$APP_PORT"

log "soak: ${SOAK_S} s at ${RATE} deliveries/s (run id $RUN_ID); PostgreSQL stopped at ${OUTAGE_AT} s for ${OUTAGE_S} s"
java -cp "$BENCH_JAR" io.lcbridge.benchmarks.ReliabilityLoad soak "$BASE" "$WEBHOOK_SECRET" "$SIGNING_SECRET" "$LICENSE" \
  "$RATE" "$SOAK_S" "$RUN_ID" >"$WORK/soak.out" 2>"$WORK/soak.err" &
LOAD_PID=$!
sleep "$OUTAGE_AT"
log "outage: stopping PostgreSQL (immediate)"
pg_stop
sleep "$OUTAGE_S"
log "outage over: starting PostgreSQL"
pg_start
wait "$LOAD_PID" || { cat "$WORK/soak.err" >&2; echo "soak load generator failed" >&2; exit 1; }
cat "$WORK/soak.out"
# delivery keys are length-prefixed (d|13:incoming_chat|<n>:<chat>|<n>:<thread>), context keys are c|<chat>|<thread>
STORE_DONE="$(psql_q "SELECT count(*) FROM lcbridge_webhook_state WHERE state = 'DONE' AND state_key LIKE '%incoming_chat|%:$RUN_ID%'" || echo "?")"
log "store: $STORE_DONE deliveries of this run marked DONE in lcbridge_webhook_state"
# deliveries the load generator gave up on: their answers and what the store holds for them
GAVE_UP_REPORT=""
while read -r _ chat answers; do
  chat="${chat#chat=}"
  rows="$(psql_q "SELECT state || ' updated ' || (extract(epoch from now()) * 1000 - updated_at)::bigint / 1000 || ' s ago' FROM lcbridge_webhook_state WHERE state_key LIKE '%|$chat|%' OR state_key LIKE '%:$chat|%'" 2>/dev/null | tr '\n' ';' || true)"
  GAVE_UP_REPORT+="| $chat | ${answers#answers=} | ${rows:-no row} |"$'\n'
done < <(grep '^SOAK_GAVE_UP ' "$WORK/soak.out" || true)
if [[ -n "$GAVE_UP_REPORT" ]]; then printf 'given up (chat | answers | store row):\n%s' "$GAVE_UP_REPORT"; fi

log "bad input: $BAD_COUNT mutated bodies, $BAD_CONCURRENCY concurrent senders (seed $SEED)"
java -cp "$BENCH_JAR" io.lcbridge.benchmarks.ReliabilityLoad badinput "$BASE" "$WEBHOOK_SECRET" "$SIGNING_SECRET" "$LICENSE" \
  "$BAD_COUNT" "$BAD_CONCURRENCY" "$SEED" >"$WORK/bad.out" 2>"$WORK/bad.err" || { cat "$WORK/bad.err" >&2; exit 1; }
cat "$WORK/bad.out"

field() { sed -n "s/.*[ ]$2=\([^ ]*\).*/\1/p" <<<"$1" | head -1; }
SOAK_LINE="$(grep '^SOAK ' "$WORK/soak.out")"
DISPATCH_LINE="$(grep '^SOAK_DISPATCH ' "$WORK/soak.out")"
PAGES_LINE="$(grep '^SOAK_PAGES ' "$WORK/soak.out")"
BAD_LINE="$(grep '^BADINPUT ' "$WORK/bad.out")"
SENT="$(field "$SOAK_LINE" attempts)"; UNIQUE="$(field "$SOAK_LINE" unique)"
ONCE="$(field "$DISPATCH_LINE" dispatched_once)"; LOST="$(field "$DISPATCH_LINE" lost)"; DUP="$(field "$DISPATCH_LINE" duplicated)"
PAGE_ERRORS="$(field "$PAGES_LINE" errors)"
BAD5XX="$(field "$BAD_LINE" answers_5xx)"; UNAUTH="$(field "$BAD_LINE" unauthenticated_dispatches)"
RESULT="RESULT sent=$SENT unique=$UNIQUE dispatched_once=$ONCE lost=$LOST duplicated=$DUP bad_input_5xx=$BAD5XX unauthenticated_dispatches=$UNAUTH"

CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') x $(nproc)"
JAVA_V="$(java -version 2>&1 | head -1)"
PG_V="$("$PG_BIN/postgres" --version)"
HAND_WRITTEN=""
if [[ -f "$DOC" ]] && grep -qF -- "$HAND_MARKER" "$DOC"; then HAND_WRITTEN="$(sed -n "/^$HAND_MARKER\$/,\$p" "$DOC")"; fi
{
  echo "# Reliability"
  echo
  echo "Produced by \`benchmarks/run-reliability.sh$([[ $MODE == quick ]] && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "(machine: $CPU, $(free -g | awk '/Mem:/{print $2}') GB; $JAVA_V; $PG_V). Regenerate with the same command;"
  echo "\`benchmarks/run-reliability.sh\` (without \`--quick\`) is the full mode: 5 min at 25 deliveries/s, a 30 s outage, 10 000 bad bodies."
  echo
  echo "## Soak through a PostgreSQL outage"
  echo
  echo "The demo jar (\`examples/spring-boot-demo/target/lcbridge-demo.jar\`) runs with \`livechat.webhook.store=jdbc\` on a"
  echo "PostgreSQL server started for the run (initdb in a temp dir, loopback port). \`ReliabilityLoad soak\` (benchmarks module)"
  echo "sends $UNIQUE unique \`incoming_chat\` deliveries with the webhook secret, $RATE per second for $SOAK_S s, each retried"
  echo "after a 5xx or a connection error 10 s, 25 s and 50 s after its first attempt (LiveChat: up to 3 retries within"
  echo "about a minute), while a second client fetches \`/\` in a loop. PostgreSQL is stopped (\`pg_ctl -m immediate\`) $OUTAGE_AT s"
  echo "into the run and started again $OUTAGE_S s later. Dispatches are counted by the demo's listener (\`/events/tally\`,"
  echo "per action, chat and thread) and cross-checked against the store table."
  echo
  echo "| figure | value |"
  echo "|---|---|"
  echo "| unique deliveries sent | $UNIQUE |"
  echo "| HTTP attempts (first tries + retries) | $(field "$SOAK_LINE" attempts) |"
  echo "| acknowledged (200) | $(field "$SOAK_LINE" acknowledged) |"
  echo "| 5xx answers (retried) | $(field "$SOAK_LINE" answers_5xx) |"
  echo "| connection errors / timeouts (retried) | $(field "$SOAK_LINE" connection_errors) |"
  echo "| given up after the last retry | $(field "$SOAK_LINE" gave_up_after_retries) |"
  echo "| dispatched exactly once | $ONCE |"
  echo "| lost (never dispatched) | $LOST |"
  echo "| duplicated (dispatched more than once) | $DUP |"
  echo "| marked DONE in \`lcbridge_webhook_state\` | $STORE_DONE |"
  echo "| page requests during the run / with widget / errors | $(field "$PAGES_LINE" requests) / $(field "$PAGES_LINE" with_widget) / $PAGE_ERRORS |"
  echo
  if [[ -n "$GAVE_UP_REPORT" ]]; then
    echo
    echo "Deliveries given up after the last retry (answers of each attempt, and the store's row for the delivery at the end):"
    echo
    echo "| chat | answers | store row |"
    echo "|---|---|---|"
    printf '%s' "$GAVE_UP_REPORT"
    echo
  fi
  echo "## Bad input at volume"
  echo
  echo "\`ReliabilityLoad badinput\` builds $BAD_COUNT bodies from the \`incoming_chat\` fixture with the generator of the"
  echo "verifier's \`MutatedPayloadPropertiesTest\` (drop, retype, truncate, duplicate elements and keys, cut bodies, flipped"
  echo "bytes), plus wrong secrets and random bytes, and posts them with $BAD_CONCURRENCY concurrent senders. Bodies that"
  echo "cannot be authentic (they do not contain the webhook secret) are sent first, and the demo's dispatch count is read"
  echo "before and after them."
  echo
  echo "| figure | value |"
  echo "|---|---|"
  echo "| bodies sent | $(field "$BAD_LINE" sent) |"
  echo "| of which cannot be authentic | $(field "$BAD_LINE" cannot_be_authentic) |"
  echo "| 2xx / 4xx answers | $(field "$BAD_LINE" answers_2xx) / $(field "$BAD_LINE" answers_4xx) |"
  echo "| 5xx answers | $BAD5XX |"
  echo "| transport errors | $(field "$BAD_LINE" transport_errors) |"
  echo "| dispatches without authenticity | $UNAUTH |"
  echo "| requests per second | $(field "$BAD_LINE" requests_per_s) |"
  echo
  echo "## Last line of the run"
  echo
  echo "\`sent\` counts the soak's HTTP posts, retries included; \`unique\` the distinct deliveries among them."
  echo
  echo '```'
  echo "$RESULT"
  echo '```'
  if [[ -n "$HAND_WRITTEN" ]]; then echo; echo "$HAND_WRITTEN"; fi
} >"$DOC.tmp"
mv "$DOC.tmp" "$DOC"
log "wrote $DOC"

STATUS=0
[[ "$LOST" == 0 && "$DUP" == 0 && "$BAD5XX" == 0 && "$UNAUTH" == 0 && "$PAGE_ERRORS" == 0 ]] || STATUS=1
echo "$RESULT"
exit $STATUS
