#!/usr/bin/env bash
# Learned-router quality on RouteLLM's GSM8K and MMLU matrices (APGR, CPT50, CPT80), beside random and length.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/bin/techopt" --version >/dev/null
mvn -q -B -ntp -Dstyle.color=never test-compile >/dev/null
java -Xmx2g -cp "target/techopt.jar:target/test-classes" io.techopt.route.RouteMatrixBench "${1:-../shared/data/routellm}"
