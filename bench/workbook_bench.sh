#!/usr/bin/env bash
# The fill-in workbook against YAML: one unit with N projects (each with a narrative) and N 自评表
# (N = 100 by default), read (`jixiao check --no-notes`, which reads, validates, derives and checks)
# and converted, from .yaml and from .xlsx; median wall time of R runs (default 5) and peak RSS.
# usage: bench/workbook_bench.sh [N] [R]   (run from the source tree, after a build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${JIXIAO:-$here/../build/jixiao}
n=${1:-100}; runs=${2:-5}
py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$py" - "$here/../samples/example-minimal.yaml" "$tmp/u.yaml" "$n" <<'PY'
import copy, sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
n = int(sys.argv[3])
p, t, f = d['项目'][0], d['项目绩效'][0], d['自评表'][0]
d['项目'], d['项目绩效'], d['自评表'] = [], [], []
for i in range(n):
    name = '%s%d' % (p['名称'], i + 1)
    q = copy.deepcopy(p); q['名称'] = name; d['项目'].append(q)
    u = copy.deepcopy(t); u['名称'] = name; d['项目绩效'].append(u)
    g = copy.deepcopy(f); g['项目名称'] = name; g['填表日期'] = str(g['填表日期']); d['自评表'].append(g)
d['报告日期'] = str(d['报告日期'])
yaml.safe_dump(d, open(sys.argv[2], 'w', encoding='utf-8'), allow_unicode=True, sort_keys=False)
PY
"$bin" convert "$tmp/u.yaml" -o "$tmp/u.xlsx" 2>/dev/null
# median of the wall times and the largest peak RSS of R runs of a command
measure() {
  local label=$1; shift
  for r in $(seq "$runs"); do /usr/bin/time -f "%e %M" -o "$tmp/t.$r" "$@" >/dev/null 2>&1 || true; done
  cat "$tmp"/t.* | sort -n | awk -v l="$label" '{t[NR]=$1*1000; if ($2>m) m=$2} END {printf "%-34s %8.0f ms %8.1f MB\n", l, t[int((NR+1)/2)], m/1024}'
  rm -f "$tmp"/t.*
}
echo "one unit, $n projects and $n forms: $(stat -c %s "$tmp/u.yaml") bytes as YAML, $(stat -c %s "$tmp/u.xlsx") bytes as XLSX ($runs runs, median)"
printf '%-34s %11s %11s\n' "" "time" "peak RSS"
measure "check (read+check) .yaml" "$bin" check --no-notes "$tmp/u.yaml"
measure "check (read+check) .xlsx" "$bin" check --no-notes "$tmp/u.xlsx"
measure "convert .yaml -> .xlsx" "$bin" convert "$tmp/u.yaml" -o "$tmp/o.xlsx"
measure "convert .xlsx -> .yaml" "$bin" convert "$tmp/u.xlsx" -o "$tmp/o.yaml"
measure "convert .yaml -> .yaml" "$bin" convert "$tmp/u.yaml" -o "$tmp/o2.yaml"
