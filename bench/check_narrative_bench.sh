#!/usr/bin/env bash
# `jixiao check` on a 100-project report whose narrative quotes every project's figures
# (project names before the labels, 共计…其中 sums): the narrative pass (model_narrative)
# attaches every figure, so this is its worst ordinary case. Prints ms per check (mean of 20);
# the target is under 50 ms. usage: bench/check_narrative_bench.sh [N]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${JIXIAO:-$here/../build/jixiao}
n=${1:-100}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/r.yaml" "$n" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
w = ["单位名称: 远山县交通运输局\n年度: 2024\n报告日期: 2025-02-01\n预算执行:\n  年初预算数: %d\n  调整预算数: 0\n"
     "支出:\n  基本支出: 0\n  项目支出: %d\n项目:\n" % (n * 10, n * 10)]
for i in range(n):
    w.append("  - 名称: 远山县第%d号农村公路养护工程\n    年初预算数: 10\n    调整预算数: 0\n    实际支出: 10\n" % i)
w.append("项目绩效:\n")
for i in range(n):
    w.append("  - 名称: 远山县第%d号农村公路养护工程\n    段落:\n      - 项目年初预算10万元，实际支出10万元，执行率100%%，共计10万元，其中路面5万元、桥涵5万元。\n" % i)
w.append("正文:\n  整体绩效:\n    - " + "".join("远山县第%d号农村公路养护工程项目实际支出10万元，执行率100%%；" % i for i in range(n)) +
         "\n  存在问题:\n    - 无。\n  改进措施:\n    - 无。\n")
open(path, "w").write("".join(w))
PY
"$bin" check "$tmp/r.yaml" >/dev/null
s=$(date +%s%N); for i in $(seq 20); do "$bin" check "$tmp/r.yaml" >/dev/null; done; e=$(date +%s%N)
echo "check $n projects with a figure-heavy narrative: $(( (e - s) / 20000000 )) ms per check"
