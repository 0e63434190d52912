#!/usr/bin/env bash
# `jixiao check` with the rules of rules/ loaded:
#  1. the median of 11 runs (ms) on the largest sample and on a 100-project report: both must stay
#     under 50 ms, the text rules included (the budget of issue 15);
#  2. one unit with N projects (each with a narrative), for N in 10000 30000 50000 by default: the
#     time should grow about linearly with N.
# usage: bench/check_bench.sh [N...]   (run from the source tree, after a build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${JIXIAO:-$here/../build/jixiao}
export JIXIAO_RULES=${JIXIAO_RULES:-$here/../rules}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median_ms() {   # median of 11 runs of `check FILE`: wall and CPU (user+sys) in ms; a loaded machine inflates wall
  python3 - "$bin" "$1" <<'PY'
import resource, subprocess, sys, time
wall, cpu = [], []
for _ in range(11):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN); t0 = time.perf_counter()
    subprocess.run([sys.argv[1], "check", sys.argv[2]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t1 = time.perf_counter(); r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall.append((t1 - t0) * 1000); cpu.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
wall.sort(); cpu.sort()
print("%.1f ms wall, %.1f ms CPU" % (wall[5], cpu[5]))
PY
}
largest=$(ls -S "$here"/../samples/*.yaml | head -1)
python3 "$here/gen_bench_data.py" 100 "$tmp/p100" >/dev/null
echo "rules: $(grep -h -c '^  - ' "$JIXIAO_RULES"/*.yaml | paste -sd+ | bc) entries in $JIXIAO_RULES"
echo "check $(basename "$largest") (largest sample): $(median_ms "$largest") (median of 11)"
echo "check 100 projects: $(median_ms "$tmp/p100/bench.json") (median of 11)"
for n in "${@:-10000 30000 50000}"; do
  for k in $n; do
    python3 "$here/gen_bench_data.py" "$k" "$tmp/$k" >/dev/null
    # The compact JSON form (JSON is YAML) keeps 50,000 projects under the 16 MB file limit.
    /usr/bin/time -f "check $k projects: %e s, peak RSS %M KB" "$bin" check "$tmp/$k/bench.json" >/dev/null
  done
done
