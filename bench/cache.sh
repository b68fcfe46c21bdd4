#!/usr/bin/env bash
# cache-warm's write speed into a local Redis (embedding excluded), with redis-benchmark's own pipelined SET speed on
# the same server beside it as the ceiling. Starts a redis-server on a free loopback port and stops it after.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
command -v redis-server >/dev/null || { echo "needs redis-server (apt-get install redis-server)" >&2; exit 1; }
"$root/bin/techopt" --version >/dev/null
mvn -q -B -ntp -Dstyle.color=never test-compile >/dev/null
port=$((30000 + RANDOM % 20000))
dir="$(mktemp -d)"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir "$dir" --pidfile "$dir/pid" >/dev/null
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
n="${1:-200000}"
java -Xmx1g -cp "target/techopt.jar:target/test-classes" io.techopt.cache.RedisWarmBench "redis://127.0.0.1:$port/0" "$n"
redis-cli -p "$port" flushall >/dev/null
if command -v redis-benchmark >/dev/null; then
  echo -n "peer: redis-benchmark SET, 500-byte values, pipeline 1000, 1 client: "
  redis-benchmark -p "$port" -t set -n "$n" -d 500 -P 1000 -c 1 -q | tr '\r' '\n' | grep -v '^$' | tail -1
fi
