#!/usr/bin/env bash
# Template-filling benchmark: the bundled report template (and one 自评表
# form) filled with N project rows (default 1000) by `jixiao build`, against
# docxtemplater filling the same template (block tags rewritten to its
# section syntax by make_dt_template.py) with the same data, in the same
# run.  docxtemplater and pizzip are installed into bench/node_modules on
# first use (npm, network needed; not committed).
#
#   bench/tpl_bench.sh [N] [RUNS]          JIXIAO=path/to/jixiao to choose the binary
set -eu
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
n=${1:-1000}; runs=${2:-5}
bin=${JIXIAO:-$root/build/jixiao}
[ -x "$bin" ] || { echo "no jixiao binary at $bin (build first, or set JIXIAO)"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen_bench_data.py" "$n" "$tmp"

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
best() { sort -n | head -1; }

# jixiao: whole command (read + check + derive + fill + zip + write), and
# `check` alone, so that the fill's share can be read off
for i in $(seq "$runs"); do
  t=$(date +%s%N); "$bin" build "$tmp/bench.yaml" -o "$tmp/jx" >/dev/null 2>&1; ms "$t"
done | best > "$tmp/jx_build"
for i in $(seq "$runs"); do
  t=$(date +%s%N); "$bin" check "$tmp/bench.yaml" >/dev/null 2>&1 || true; ms "$t"
done | best > "$tmp/jx_check"
jx_build=$(cat "$tmp/jx_build"); jx_check=$(cat "$tmp/jx_check")
rows=$(python3 - "$tmp"/jx/*.docx <<'PY'
import re, sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
print(len(re.findall(r"<w:tr[ >]", x)))
PY
)

# docxtemplater
dt="skipped (npm or node unavailable)"
if command -v node >/dev/null && command -v npm >/dev/null; then
  if [ ! -d "$here/node_modules/docxtemplater" ] || [ ! -d "$here/node_modules/pizzip" ]; then
    npm install --prefix "$here" --no-save --no-audit --no-fund docxtemplater pizzip >/dev/null 2>&1 || true
  fi
  if [ -d "$here/node_modules/docxtemplater" ]; then
    python3 "$here/make_dt_template.py" "$root/templates/report.docx" "$tmp/report-dt.docx"
    for i in $(seq "$runs"); do
      t=$(date +%s%N)
      inner=$(node "$here/fill_docxtemplater.js" "$tmp/report-dt.docx" "$tmp/bench.json" "$tmp/dt.docx")
      echo "$(ms "$t") $inner"
    done | sort -n | head -1 > "$tmp/dt"
    read -r dt_total dt_inner < "$tmp/dt"
    dt_rows=$(python3 - "$tmp/dt.docx" <<'PY'
import re, sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
print(len(re.findall(r"<w:tr[ >]", x)))
PY
)
    dt="$dt_total ms whole process; $(printf '%.0f' "$dt_inner") ms load+render+zip in process; $dt_rows table rows"
  fi
fi

echo "template fill benchmark: $n projects, best of $runs runs"
printf '  %-14s %s\n' "jixiao" "$jx_build ms whole build (of which check/derive alone: $jx_check ms, so fill+zip+write ≈ $((jx_build - jx_check)) ms); $rows table rows"
printf '  %-14s %s\n' "docxtemplater" "$dt"
