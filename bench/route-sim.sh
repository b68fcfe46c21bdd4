#!/usr/bin/env bash
# route-sim's replay speed: N requests (default 1,000,000) under the 7 standard strategies, replay timed alone.
# No peer replays logs under routing strategies offline, so there is no peer figure to print beside it.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/bin/techopt" --version >/dev/null
mvn -q -B -ntp -Dstyle.color=never test-compile >/dev/null
java -Xmx376m -XX:+UseParallelGC -cp "target/techopt.jar:target/test-classes" io.techopt.route.RouteSimBench "${1:-1000000}"
