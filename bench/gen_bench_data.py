#!/usr/bin/env python3
"""gen_bench_data.py N OUTDIR: write OUTDIR/bench.yaml (jixiao data with N
projects, their narratives and one 自评表) and OUTDIR/bench.json (the same
data for docxtemplater).  Amounts are generated in 分 and written as exact
万元 decimals, so the totals agree and `jixiao check` finds no errors."""
import json
import os
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
out = sys.argv[2] if len(sys.argv) > 2 else "."


def wan(fen):
    return "%d.%06d" % divmod(fen, 1000000)


projects, texts = [], []
tot_a = tot_adj = tot_spent = 0
for i in range(n):
    a = 1000000 * (10 + i % 90) + 12345 * (i % 7)
    adj = 1000000 * (i % 5)
    spent = a + adj - 100000 * (i % 3)
    tot_a += a
    tot_adj += adj
    tot_spent += spent
    name = "第%d号民生保障项目" % (i + 1)
    projects.append({"名称": name, "年初预算数": wan(a), "调整预算数": wan(adj), "实际支出": wan(spent)})
    texts.append({"名称": name, "段落": ["项目%d全年实际支出%s万元，按计划完成了年度绩效目标，服务对象满意度较高。" % (i + 1, wan(spent))]})
basic = 150000000
data = {
    "单位名称": "基准测试县民政局",
    "年度": 2024,
    "报告日期": "2025-03-31",
    "单位概况": {"机构性质": "县人民政府工作部门", "内设机构": ["办公室", "财务股", "救助股"], "实有人数": 30},
    "预算执行": {"年初预算数": wan(tot_a + basic), "调整预算数": wan(tot_adj), "全年执行数": wan(tot_spent + basic)},
    "支出": {"合计": wan(tot_spent + basic), "基本支出": wan(basic), "项目支出": wan(tot_spent)},
    "项目": projects,
    "项目绩效": texts,
    "正文": {"存在问题": ["部分项目进度偏慢。"], "改进措施": ["加强绩效运行监控。"]},
    "自评表": [{
        "项目名称": projects[0]["名称"],
        "资金": {"年度资金总额": {"年初预算数": projects[0]["年初预算数"], "全年预算数": projects[0]["年初预算数"],
                                "全年执行数": projects[0]["年初预算数"]}},
        "绩效指标": [
            {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "救助人数", "年度指标值": "100人",
             "实际完成值": "100人", "分值": 50},
            {"一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "群众生活改善", "年度指标值": "好",
             "实际完成值": "好", "评价等级": "达成", "分值": 30},
            {"一级指标": "满意度指标", "二级指标": "服务对象满意度指标", "三级指标": "满意度", "年度指标值": "≥90%",
             "实际完成值": "95%", "分值": 10},
        ],
    }],
}
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "bench.json"), "w", encoding="utf-8") as f:
    json.dump(data, f, ensure_ascii=False)
# JSON is YAML: the same text serves jixiao (amounts stay strings, which
# the data format accepts as quoted decimals)
with open(os.path.join(out, "bench.yaml"), "w", encoding="utf-8") as f:
    json.dump(data, f, ensure_ascii=False, indent=1)
