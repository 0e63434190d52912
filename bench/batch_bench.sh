#!/usr/bin/env bash
# Batch benchmark (issue: batch generation and regeneration).
#   bench/batch_bench.sh [UNITS]         default 1000 units, 2 workers
# Generates UNITS synthetic units (10-20 projects, 3-6 forms each), then measures, in one run:
#   1. a cold batch (DOCX + PDF + check report per unit): units/s, per-unit latency, memory per worker
#   2. a re-run after 1% of the units changed
#   3. LibreOffice converting the same DOCX files to PDF in one soffice invocation
#      (BENCH_SOFFICE_UNITS of them, default 100, extrapolated to UNITS)
# and prints them side by side. Timings are figures, not assertions: run on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
units=${1:-1000}
jobs=${BENCH_JOBS:-2}
bin=${JIXIAO:-$top/build/jixiao}
[ -x "$bin" ] || { echo "build first: cmake -S . -B build && cmake --build build" >&2; exit 2; }
work=$top/bench/out/batch
rm -rf "$work"; mkdir -p "$work"
python3 bench/gen_units.py "$units" "$work/units"

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }

echo "== cold: $units units, -j $jobs"
# A unit that fails is reported in the summary; the figures are still worth printing.
t0=$(now); "$bin" batch "$work/units" -o "$work/out" -j "$jobs" 2>/dev/null | tee "$work/cold.txt" || echo "(batch exit status $?)"; t1=$(now)
cold=$(secs "$t0" "$t1")

echo "== re-run, 1% changed"
n=$(( units / 100 )); [ "$n" -ge 1 ] || n=1
for f in $(ls "$work/units" | head -n "$n"); do sed -i '0,/年初预算数: /s/年初预算数: \([0-9]*\)/年初预算数: 1\1/' "$work/units/$f"; done
t0=$(now); "$bin" batch "$work/units" -o "$work/out" -j "$jobs" 2>/dev/null | tee "$work/warm.txt" || echo "(batch exit status $?)"; t1=$(now)
warm=$(secs "$t0" "$t1")

echo "== LibreOffice: the same DOCX files to PDF, one soffice invocation"
k=${BENCH_SOFFICE_UNITS:-100}; [ "$k" -le "$units" ] || k=$units
mkdir -p "$work/lo"
# (not `ls | head`: under pipefail, head closing the pipe early would end the script)
find "$work/out" -maxdepth 1 -name '*.docx' | sort | sed -n "1,${k}p" > "$work/lo/list"
export FONTCONFIG_FILE=$top/fonts/fonts.conf
t0=$(now); xargs -a "$work/lo/list" -d '\n' soffice --headless --norestore --convert-to pdf --outdir "$work/lo" >/dev/null 2>&1; t1=$(now)
lo=$(secs "$t0" "$t1")
lo_pdfs=$(ls "$work/lo"/*.pdf 2>/dev/null | wc -l)

python3 - "$units" "$cold" "$warm" "$k" "$lo" "$lo_pdfs" <<'PY'
import sys
units, cold, warm, k, lo, lo_pdfs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
lo_per = lo / max(lo_pdfs, 1)
print()
print(f"{'':34}{'jixiao batch':>16}{'soffice':>16}")
print(f"{'units':34}{units:>16}{lo_pdfs:>16}")
print(f"{'wall time, cold (s)':34}{cold:>16.2f}{lo:>16.2f}")
print(f"{'units per second':34}{units / cold:>16.1f}{lo_pdfs / lo if lo else 0:>16.1f}")
print(f"{'per unit (ms, wall / units)':34}{1000 * cold / units:>16.0f}{1000 * lo_per:>16.0f}")
print(f"{'soffice for all units (s, est.)':34}{'':>16}{lo_per * units:>16.1f}")
print(f"{'ratio (soffice / jixiao)':34}{'':>16}{lo_per * units / cold:>15.1f}x")
print(f"{'re-run with 1% changed (s)':34}{warm:>16.2f}")
print("targets: cold 1,000 units < 60 s on 2 cores; 1% re-run < 3 s; peak RSS < 100 MB per worker")
PY
