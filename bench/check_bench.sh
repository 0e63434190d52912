#!/usr/bin/env bash
# `jixiao check` on one unit with N projects (each with a narrative), for N in
# 10000 30000 50000 by default: the time should grow about linearly with N.
# usage: bench/check_bench.sh [N...]   (run from the source tree, after a build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${JIXIAO:-$here/../build/jixiao}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for n in "${@:-10000 30000 50000}"; do
  for k in $n; do
    python3 "$here/gen_bench_data.py" "$k" "$tmp/$k" >/dev/null
    # The compact JSON form (JSON is YAML) keeps 50,000 projects under the 16 MB file limit.
    /usr/bin/time -f "check $k projects: %e s, peak RSS %M KB" "$bin" check "$tmp/$k/bench.json" >/dev/null
  done
done
