#!/usr/bin/env bash
# Performance report in one command: JMH micro benchmarks, the page path and the webhook path over
# loopback (each variant against its anchor, side by side in this run), then the report
# docs/PERFORMANCE.md (the RESULT line and this run's tables; the report it replaces moves to the top of
# docs/PERFORMANCE-HISTORY.md), a PNG chart of the ratios (docs/performance-ratios.png) and, as the last
# line, RESULT page_vs_handpasted=<(g)/(b)> page_body_vs_floor=<(c)/(f)> naive_alloc_vs_filter=..
# webhook_per_s=.. webhook_pg_per_s=.. webhook_vs_minimal=..  (n/a: not run)
#
# Usage: benchmarks/run.sh [--quick]     (from anywhere; needs JDK 17, Maven, wrk, curl, python3)
#   --quick   short JMH on a subset and short wrk runs (under 90 s on a 2-core machine); leaves docs/ alone and
#             writes benchmarks/target/PERFORMANCE-quick.md and benchmarks/target/performance-ratios-quick.png
# PostgreSQL variant of the webhook path: run when the Debian server binaries are installed
# (/usr/lib/postgresql/*/bin) and the script runs as root (initdb/pg_ctl as the `postgres` user);
# otherwise it is reported as not run. env: PG=0 skips it; PAGE_PORT, WEBHOOK_PORT, PG_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
case "${1:-}" in
  --quick) QUICK=1 ;;
  "") ;;
  *) echo "usage: benchmarks/run.sh [--quick]" >&2; exit 2 ;;
esac
for tool in java mvn wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (Debian: openjdk-17-jdk-headless maven wrk curl python3)" >&2; exit 2; }
done

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
T0=$SECONDS
JAR=benchmarks/target/benchmarks.jar
WORK=$(mktemp -d /tmp/lcbridge-perf.XXXXXX)
PIDS=()
PGDIR=""
PGBIN=""
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [ -n "$PGDIR" ] && [ -f "$PGDIR/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$PGDIR" ] && rm -rf "$PGDIR"
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== build ($(date -u +%H:%M:%S))"
mvn -B -q -pl benchmarks -am package -DskipTests

# ---------------------------------------------------------------- JMH
echo "== JMH ($(date -u +%H:%M:%S))"
if [ "$QUICK" = 1 ]; then
  JMH_OPTS=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
  jmh() { java -Djmh.ignoreLock=true -jar "$JAR" "$@" "${JMH_OPTS[@]}" -rf json -rff "$WORK/jmh-$1.json" >"$WORK/jmh-$1.log" 2>&1 \
            || { tail -30 "$WORK/jmh-$1.log" >&2; exit 1; }
          if grep -q '<failure>' "$WORK/jmh-$1.log"; then grep -B2 -A8 '<failure>' "$WORK/jmh-$1.log" >&2; exit 1; fi; }
  jmh 'TokenBenchmark' -p alg=HS256
  jmh 'TokenNimbusAnchorBenchmark'
  jmh 'RenderBenchmark.(renderPreSigned|anchorMustacheWalk)'
  jmh 'InjectionBenchmark.(injectChars|injectCharsHead|naiveBufferAndReplace|floorReadEveryChar)' -p pageChars=51200
  jmh 'WebhookBenchmark.(verifierMemoryStore|naiveNoStore)'
  JMH_DESC="-f 1 -wi 1 -w 1s -i 1 -r 1s, subset"
else
  JMH_OPTS=(-f 1 -wi 3 -w 2s -i 3 -r 2s)
  jmh() { java -Djmh.ignoreLock=true -jar "$JAR" "$@" "${JMH_OPTS[@]}" -rf json -rff "$WORK/jmh-$1.json" >"$WORK/jmh-$1.log" 2>&1 \
            || { tail -30 "$WORK/jmh-$1.log" >&2; exit 1; }
          if grep -q '<failure>' "$WORK/jmh-$1.log"; then grep -B2 -A8 '<failure>' "$WORK/jmh-$1.log" >&2; exit 1; fi; }
  jmh 'TokenBenchmark'
  jmh 'TokenNimbusAnchorBenchmark'
  jmh 'RenderBenchmark'
  jmh 'InjectionBenchmark'
  JMH_OPTS=(-f 1 -wi 8 -w 3s -i 5 -r 3s)   # the verifier path needs ~30 s before C2 has compiled it
  jmh 'WebhookBenchmark'
  JMH_DESC="-f 1 -wi 3 -w 2s -i 3 -r 2s (WebhookBenchmark: -wi 8 -w 3s -i 5 -r 3s)"
  # The 50 KB injectors and the read-every-char floor again, in five JVMs each: the floor's time depends on how C2
  # compiled it in that JVM (seen: 14 us in some forks, 27 us in others), so a one-fork ratio can land either way.
  java -Djmh.ignoreLock=true -jar "$JAR" 'InjectionBenchmark.(injectChars|injectBytes|floorReadEveryChar)$' \
    -p pageChars=51200 -f 5 -wi 3 -w 1s -i 3 -r 1s -rf json -rff "$WORK/forks-injection.json" >"$WORK/forks-injection.log" 2>&1 \
    || { tail -30 "$WORK/forks-injection.log" >&2; exit 1; }
fi
cat "$WORK"/jmh-*.json >/dev/null

# ---------------------------------------------------------------- page path (benchmarks/page-load.sh)
echo "== page path over loopback ($(date -u +%H:%M:%S))"
if [ "$QUICK" = 1 ]; then
  PAGE_ENV=(DURATION=3s ROUNDS=1 WARMUP=2s)
else
  PAGE_ENV=(DURATION=30s ROUNDS=6 WARMUP=5s)
fi
env "${PAGE_ENV[@]}" PORT="${PAGE_PORT:-18480}" benchmarks/page-load.sh | tee "$WORK/page.txt"
PAGE_DESC="$(printf '%s ' "${PAGE_ENV[@]}")benchmarks/page-load.sh"

# ---------------------------------------------------------------- PostgreSQL for the webhook path
PG_URL=""
PG_NOTE="not run"
if [ "${PG:-1}" != 0 ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] && [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    echo "== PostgreSQL ($(date -u +%H:%M:%S))"
    PGDIR=$(mktemp -d /tmp/lcbridge-perf-pg.XXXXXX)
    chown postgres "$PGDIR"
    PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust >"$WORK/initdb.log" 2>&1
    # durable defaults (fsync on, full_page_writes on, synchronous_commit on); the pg variant's sessions set
    # synchronous_commit=off (a commit does not wait for its WAL flush), pgsync keeps the default
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 60 \
      -o "-p $PG_PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=60" start >/dev/null
    PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
    PG_NOTE="PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), local initdb, HikariCP 8 connections; pg: synchronous_commit=off, pgsync: the default (on)"
  else
    PG_NOTE="not run: needs /usr/lib/postgresql/*/bin and root (initdb/pg_ctl as postgres)"
    echo "PostgreSQL variant $PG_NOTE" >&2
  fi
fi

# ---------------------------------------------------------------- webhook path
# Two server JVMs, one after the other, each with its own /minimal anchor measured in turn with its variants: the
# in-process stores (memory, embedded H2), then PostgreSQL. The embedded H2 keeps every row in the server's heap
# (~750 MB of the 1 GB live after its slices), and the memory store its bounded maps; measured in the same JVM, the
# PostgreSQL variants paid for that heap in GC (2026-12-02: /pg 6,266 req/s after /h2 in the same JVM, 7,973-8,207
# in a JVM of its own; docs/PERFORMANCE-HISTORY.md). An application runs one store, so each store is measured in a
# JVM that holds only its own data.
echo "== webhook path over loopback ($(date -u +%H:%M:%S))"
WPORT=${WEBHOOK_PORT:-18489}
BODY="$WORK/body.json"
if [ "$QUICK" = 1 ]; then WH_WARM=1; WH_SLICE=2; WH_ROUNDS=1; else WH_WARM=10; WH_SLICE=10; WH_ROUNDS=3; fi
WH_CONN=16
declare -A WREQ WTIME WERR
: >"$WORK/webhook.tsv"
# webhook_server LOG SUFFIX JDBC_URL VARIANT...: starts WebhookLoadServer (JDBC_URL empty: no PostgreSQL paths),
# warms each variant, lets them take turns, stops the server and appends one line per variant to webhook.tsv
# (the anchor as minimal+SUFFIX: each JVM measures its own).
webhook_server() {
  local log="$WORK/$1" suffix="$2" url="$3"; shift 3
  local variants=("$@") v out n secs bad
  java -Xms512m -Xmx1g -cp "$JAR" io.lcbridge.benchmarks.WebhookLoadServer "$WPORT" "$BODY" ${url:+"$url"} >"$log" 2>&1 &
  WSERVER=$!
  PIDS+=("$WSERVER")
  for _ in $(seq 1 100); do grep -q listening "$log" && break; sleep 0.2; done
  grep -q listening "$log" || { cat "$log" >&2; exit 1; }
  for v in "${variants[@]}"; do
    BODY="$BODY" wrk -t2 -c"$WH_CONN" -d"${WH_WARM}s" -s benchmarks/load/webhooks.lua "http://127.0.0.1:$WPORT/$v" >/dev/null
    WREQ[$v]=0; WTIME[$v]=0; WERR[$v]=0
  done
  for _ in $(seq 1 "$WH_ROUNDS"); do   # variants take turns, so drift on a shared machine hits them alike
    for v in "${variants[@]}"; do
      out=$(BODY="$BODY" wrk -t2 -c"$WH_CONN" -d"${WH_SLICE}s" -s benchmarks/load/webhooks.lua "http://127.0.0.1:$WPORT/$v")
      read -r n secs < <(awk '/requests in/ {gsub(/s,/, "", $4); print $1, $4}' <<<"$out")
      bad=$(awk -F'[= ]' '/^requests=/ {print $4 + $6}' <<<"$out")
      WREQ[$v]=$(( ${WREQ[$v]} + n ))
      WERR[$v]=$(( ${WERR[$v]} + ${bad:-0} ))
      WTIME[$v]=$(awk -v t="${WTIME[$v]}" -v s="$secs" 'BEGIN {print t + s}')
    done
  done
  kill "$WSERVER"; wait "$WSERVER" 2>/dev/null || true
  cat "$log"
  for v in "${variants[@]}"; do
    printf '%s\t%s\t%s\t%s\n' "$v$([ "$v" = minimal ] && echo "$suffix")" "${WREQ[$v]}" "${WTIME[$v]}" "${WERR[$v]}" | tee -a "$WORK/webhook.tsv"
  done
}
webhook_server webhook-server.log "" "" minimal memory h2
if [ -n "$PG_URL" ]; then
  webhook_server webhook-server-pg.log _pg "$PG_URL" minimal pg pgsync
fi
WEBHOOK_DESC="two server JVMs one after the other (in-process stores: /minimal, /memory, /h2; then PostgreSQL: /minimal again as its own anchor, /pg, /pgsync), wrk -t2 -c$WH_CONN, ${WH_WARM} s warm-up per variant, then $WH_ROUNDS round(s) of ${WH_SLICE} s per variant taking turns within each JVM"

# ---------------------------------------------------------------- report
echo "== report ($(date -u +%H:%M:%S))"
JAVA_VERSION=$(java -version 2>&1 | head -1)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain 2>/dev/null -- core servlet-filter verifier widget-templates benchmarks 2>/dev/null)" ] && COMMIT="$COMMIT + local changes"
MODE=$([ "$QUICK" = 1 ] && echo "benchmarks/run.sh --quick" || echo "benchmarks/run.sh")
if [ "$QUICK" = 1 ]; then
  REPORT_PATH=benchmarks/target/PERFORMANCE-quick.md; CHART_PATH=benchmarks/target/performance-ratios-quick.png
else
  REPORT_PATH=docs/PERFORMANCE.md; CHART_PATH=docs/performance-ratios.png
fi
export WORK STARTED_AT JAVA_VERSION COMMIT MODE JMH_DESC PAGE_DESC WEBHOOK_DESC PG_NOTE REPORT_PATH
export NPROC=$(nproc) LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)" ELAPSED=$((SECONDS - T0))
python3 benchmarks/report.py
mapfile -t CHART <"$WORK/chart-args.txt"
java -Djava.awt.headless=true -cp "$JAR" io.lcbridge.benchmarks.RatioChart "$CHART_PATH" \
  "lcbridge: ours / anchor, higher is better ($STARTED_AT, $NPROC cores)" "${CHART[@]}"
echo "chart: $CHART_PATH; report: $REPORT_PATH$([ "$QUICK" = 1 ] || echo " (previous one moved to docs/PERFORMANCE-HISTORY.md)"); $((SECONDS - T0)) s"
cat "$WORK/result.txt"
