#!/usr/bin/env bash
# Times README's "Try it in a minute" on a clone: the demo build command, then the jar's start until / answers 200.
#
# Usage: benchmarks/quickstart-time.sh CLONE_DIR [EMPTY_MAVEN_REPO]
#   CLONE_DIR         a fresh clone (nothing built yet)
#   EMPTY_MAVEN_REPO  optional: a directory used as an empty local Maven repository (-Dmaven.repo.local), to time a
#                     first build that downloads everything; its size is printed at the end
# Prints: build <s>, start <s>, total <s>. Needs JDK 17, Maven, curl, python3; uses port 18080.
set -uo pipefail
cd "$1"
EXTRA=()
[ -n "${2:-}" ] && EXTRA=(-Dmaven.repo.local="$2")
T0=$(date +%s.%N)
mvn -B -q "${EXTRA[@]}" -pl examples/spring-boot-demo -am package -DskipTests || exit 1
T1=$(date +%s.%N)
PORT=18080
java -jar examples/spring-boot-demo/target/lcbridge-demo.jar --server.port=$PORT > "${TMPDIR:-/tmp}/quickstart-demo.log" 2>&1 &
PID=$!
until curl -fsS -o /dev/null "http://localhost:$PORT/" 2>/dev/null; do
  kill -0 "$PID" 2>/dev/null || { echo "the demo stopped; see ${TMPDIR:-/tmp}/quickstart-demo.log" >&2; exit 1; }
  sleep 0.2
done
T2=$(date +%s.%N)
kill "$PID"; wait "$PID" 2>/dev/null
python3 -c "print('build %.1f s, start %.1f s, total %.1f s' % ($T1-$T0, $T2-$T1, $T2-$T0))"
[ -n "${2:-}" ] && du -sh "$2"
exit 0
