#!/usr/bin/env bash
# Page-load benchmark of the servlet filter: the same 50 KB page over loopback with wrk, all variants in one run
# (taking turns), then the ratios the issues ask for.
#   (a) no widget  (b) loader pasted by hand  (c) filter, HS256 identity, body placement (explicit)
#   (d) filter, ES256 identity, body placement  (g) filter, HS256 identity, default head placement
#   (e) naive buffering filter (ContentCachingResponseWrapper + String.replace)
#   (f) floor: a filter that only reads every char of the page once (injects nothing): no scanner costs less,
#       so (f)/(b) bounds what (c)/(b) can reach on the machine
#   (h) the (g) filter without keys: the loader alone for everyone, so (g)-(h) is the identity's cost (ask for it in VARIANTS)
# Usage: benchmarks/page-load.sh   (env: DURATION=30s per variant, ROUNDS=6, CONNECTIONS=32, THREADS=2, WARMUP=5s, PORT=18080,
#        VARIANTS="a b c d e f g", JAR=benchmarks/target/benchmarks.jar; with a subset, e.g. VARIANTS="b g h", each variant's ratio to (b) is printed instead)
# Takes about 7 x (WARMUP + DURATION).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-benchmarks/target/benchmarks.jar}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-5s}
PORT=${PORT:-18080}
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }
if [ ! -f "$JAR" ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

java -Xms512m -Xmx512m -cp "$JAR" io.lcbridge.benchmarks.PageLoadServer "$PORT" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "$BASE/a/page" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "$BASE/a/page" >/dev/null

# Machines running other work drift a lot over minutes, so the variants take turns: ROUNDS rounds of
# DURATION/ROUNDS each, after one warm-up round; requests/s is the total over all rounds.
ROUNDS=${ROUNDS:-6}
SECONDS_TOTAL=${DURATION%s}
SLICE=$(( SECONDS_TOTAL / ROUNDS ))s
declare -A REQ TIME ALLOC CPU RPS
VARIANTS=${VARIANTS:-a b c d e f g}
for v in $VARIANTS; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$BASE/$v/page" >/dev/null
  REQ[$v]=0; TIME[$v]=0
done
curl -sf "$BASE/stats/reset" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  for v in $VARIANTS; do
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$SLICE" "$BASE/$v/page")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then echo "($v) round $round: $(grep -E 'Non-2xx|Socket errors' <<<"$out")"; fi
    read -r n secs < <(awk '/requests in/ {gsub(/s,/, "", $4); print $1, $4}' <<<"$out")
    REQ[$v]=$(( ${REQ[$v]} + n ))
    TIME[$v]=$(awk -v t="${TIME[$v]}" -v s="$secs" 'BEGIN {print t + s}')
  done
done
for v in $VARIANTS; do
  RPS[$v]=$(awk -v n="${REQ[$v]}" -v t="${TIME[$v]}" 'BEGIN {printf "%.1f", n / t}')
  read -r _ ALLOC[$v] CPU[$v] < <(curl -sf "$BASE/stats?v=$v")
  # report.py reads this line up to "(N requests)": the CPU column goes after it
  printf '(%s) %10s req/s  %9s B allocated/request  (%s requests)  %8s ns CPU/request in the chain\n' \
    "$v" "${RPS[$v]}" "${ALLOC[$v]}" "${REQ[$v]}" "${CPU[$v]}"
done

if [ "$VARIANTS" != "a b c d e f g" ]; then
  printf '\n%d connections, %s per variant\n' "$CONNECTIONS" "$DURATION"
  for v in $VARIANTS; do
    if [ -n "${RPS[b]:-}" ]; then
      awk -v x="${RPS[$v]}" -v b="${RPS[b]}" -v v="$v" 'BEGIN { printf "(%s)/(b) requests/s: %.3f\n", v, x / b }'
    fi
  done
  exit 0
fi
awk -v a="${RPS[a]}" -v b="${RPS[b]}" -v c="${RPS[c]}" -v d="${RPS[d]}" -v e="${RPS[e]}" \
    -v f="${RPS[f]}" -v g="${RPS[g]}" -v ac="${ALLOC[c]}" -v ae="${ALLOC[e]}" -v aa="${ALLOC[a]}" 'BEGIN {
  printf "\n%d connections, %s per variant\n", '"$CONNECTIONS"', "'"$DURATION"'"
  printf "(g)/(b) requests/s: %.3f   (default head placement; target >= 0.95)\n", g / b
  printf "(c)/(b) requests/s: %.3f   (body placement; target >= 0.95)\n", c / b
  printf "(d)/(b) requests/s: %.3f   (target >= 0.95)\n", d / b
  printf "(f)/(b) requests/s: %.3f   (floor: reading every char once, no injection; bounds (c)/(b))\n", f / b
  printf "(c)/(f) requests/s: %.3f   (the filter against the floor)\n", c / f
  printf "(c)/(e) requests/s: %.3f   (target > 1)\n", c / e
  printf "(e)/(c) heap per request: %.2f   (target >= 3)\n", ae / ac
  printf "(e)-(a) vs (c)-(a) extra heap per request: %d B vs %d B\n", ae - aa, ac - aa
}'
