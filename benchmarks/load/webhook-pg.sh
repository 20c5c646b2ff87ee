#!/usr/bin/env bash
# The PostgreSQL variants of benchmarks/run.sh's webhook path, alone: a throwaway PostgreSQL server (initdb, free
# loopback port, temporary directory, stopped on exit), WebhookLoadServer, then wrk taking turns on /pg (sessions with
# synchronous_commit=off) and /pgsync (the server's default durability). Prints req/s, CPU milliseconds per delivery
# (the server JVM plus every PostgreSQL process, from /proc) and PostgreSQL commits per delivery (pg_stat_database),
# then the load average.
# Usage (as root, after `mvn -B -q -pl benchmarks -am package -DskipTests`):
#   benchmarks/load/webhook-pg.sh [SLICE_SECONDS=10] [ROUNDS=2] [CONNECTIONS=16]
# env: JAR (default benchmarks/target/benchmarks.jar), JAVA_OPTS (extra JVM options, e.g. a JFR recording), PORT, PG_PORT, WARMUP (seconds per variant, default 10),
#      VARIANTS (default "pg pgsync"), PG_URL_PARAMS (appended to the JDBC URL, e.g. "&options=-c%20synchronous_commit%3Doff"
#      to run an older WebhookLoadServer, whose only PostgreSQL path /pg used the URL as given).
set -euo pipefail
cd "$(dirname "$0")/../.."
SLICE="${1:-10}"; ROUNDS="${2:-2}"; CONN="${3:-16}"
JAR="${JAR:-benchmarks/target/benchmarks.jar}"
WARMUP="${WARMUP:-10}"
read -r -a VARIANTS <<<"${VARIANTS:-pg pgsync}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT="${PORT:-$(free_port)}"; PG_PORT="${PG_PORT:-$(free_port)}"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$PGBIN" ] && [ "$(id -u)" = 0 ] || { echo "needs /usr/lib/postgresql/*/bin and root" >&2; exit 2; }
WORK=$(mktemp -d /tmp/lcbridge-webhook-pg.XXXXXX); chown postgres "$WORK"
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/data" -U postgres -A trust >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w -t 60 \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=60" start >/dev/null
java -Xms512m -Xmx1g ${JAVA_OPTS:-} -cp "$JAR" io.lcbridge.benchmarks.WebhookLoadServer "$PORT" "$WORK/body.json" \
  "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres${PG_URL_PARAMS:-}" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do grep -q listening "$WORK/server.log" && break; sleep 0.2; done
grep -q listening "$WORK/server.log" || { cat "$WORK/server.log" >&2; exit 1; }
# CPU ticks of the server JVM and of every PostgreSQL process of this cluster
jvm_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
ticks() {
  local pids="$SERVER $(pgrep -f -- "-D $WORK/data" || true) $(pgrep -P "$(head -1 "$WORK/data/postmaster.pid")" || true)"
  local t=0 p
  for p in $pids; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
commits() { runuser -u postgres -- "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -At \
  -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'"; }
HZ=$(getconf CLK_TCK)
for v in "${VARIANTS[@]}"; do
  BODY="$WORK/body.json" wrk -t2 -c"$CONN" -d"${WARMUP}s" -s benchmarks/load/webhooks.lua "http://127.0.0.1:$PORT/$v" >/dev/null
done
declare -A N S T C J
for v in "${VARIANTS[@]}"; do N[$v]=0; S[$v]=0; T[$v]=0; C[$v]=0; J[$v]=0; done
for _ in $(seq 1 "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    t0=$(ticks); j0=$(jvm_ticks); c0=$(commits)
    out=$(BODY="$WORK/body.json" wrk -t2 -c"$CONN" -d"${SLICE}s" -s benchmarks/load/webhooks.lua "http://127.0.0.1:$PORT/$v")
    t1=$(ticks); j1=$(jvm_ticks); c1=$(commits)
    read -r n secs < <(awk '/requests in/ {gsub(/s,/, "", $4); print $1, $4}' <<<"$out")
    N[$v]=$(( ${N[$v]} + n )); T[$v]=$(( ${T[$v]} + t1 - t0 )); J[$v]=$(( ${J[$v]} + j1 - j0 )); C[$v]=$(( ${C[$v]} + c1 - c0 - 2 ))
    S[$v]=$(awk -v a="${S[$v]}" -v b="$secs" 'BEGIN {print a + b}')
    grep -q "non2xx=0 socket_errors=0" <<<"$out" || echo "$v: $(grep requests= <<<"$out")" >&2
  done
done
printf '%-8s %10s %10s %16s %16s %18s\n' variant req/s requests cpu_ms/delivery jvm_ms/delivery commits/delivery
for v in "${VARIANTS[@]}"; do
  awk -v v="$v" -v n="${N[$v]}" -v s="${S[$v]}" -v t="${T[$v]}" -v c="${C[$v]}" -v j="${J[$v]}" -v hz="$HZ" \
    'BEGIN {printf "%-8s %10.1f %10d %16.3f %16.3f %18.2f\n", v, n / s, n, t * 1000 / hz / n, j * 1000 / hz / n, c / n}'
done
echo "wrk -t2 -c$CONN, ${WARMUP} s warm-up per variant, $ROUNDS round(s) of ${SLICE} s per variant taking turns; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
