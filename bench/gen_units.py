#!/usr/bin/env python3
"""Generate N synthetic, internally consistent unit data files of realistic size
(10-20 projects, 3-6 appendix forms each) for batch tests and benchmarks.

usage: gen_units.py N OUTDIR [--seed S]
Deterministic for a given seed. Amounts are generated as integers of 分 and written
in 万元 with 2 decimals, so every identity holds exactly."""
import os, random, sys

def wan(fen):          # 分 → "123.45" 万元 (amounts are multiples of 100 万元分, i.e. 0.01 万元)
    return f"{fen // 100}.{fen % 100:02d}"

PLACES = ["东", "西", "南", "北", "中", "新", "清", "安", "永", "兴", "平", "和", "长", "宁", "丰", "福"]
KINDS = ["民政局", "财政局", "教育局", "卫生健康局", "农业农村局", "交通运输局", "水利局", "住房和城乡建设局"]
PROJECTS = ["困难群众救助补助", "高龄老人补贴", "残疾人两项补贴", "养老服务体系建设", "儿童福利保障",
            "殡葬改革", "社区治理", "慈善事业促进", "社会组织培育", "区划地名管理", "婚姻登记服务",
            "流浪乞讨人员救助", "特困人员供养", "临时救助", "退役人员经费", "基层政权建设", "适老化改造",
            "福利院运行", "未成年人保护", "社会工作人才培养"]

def unit(i, rnd):
    name = f"{rnd.choice(PLACES)}{rnd.choice(PLACES)}县{KINDS[i % len(KINDS)]}{i:04d}"
    year = 2024
    nproj = rnd.randint(10, 20)
    projects = []
    for k in range(nproj):
        a = rnd.randint(10, 5000) * 100
        adj = rnd.randint(0, 2000) * 100
        spent = max(a + adj - rnd.randint(0, 50) * 100, 0)   # never negative: an under-spend larger than the budget is not an under-spend
        projects.append((f"{PROJECTS[k % len(PROJECTS)]}{'' if k < len(PROJECTS) else k}", a, adj, spent))
    basic = rnd.randint(100, 2000) * 10000
    wages = basic * 6 // 10
    goods = basic * 3 // 10
    welfare = basic - wages - goods
    proj_total = sum(p[3] for p in projects)
    a_total = sum(p[1] for p in projects) + basic
    adj_total = sum(p[2] for p in projects)
    L = []
    w = L.append
    w(f"单位名称: {name}")
    w(f"年度: {year}")
    w(f"报告日期: {year + 1}-03-{rnd.randint(1, 28):02d}")
    w("单位概况:")
    w("  机构性质: 县人民政府工作部门")
    w("  职责:")
    for t in range(3):
        w(f"    - 负责全县相关业务的统筹规划和组织实施，第{t + 1}项职责按照有关规定执行。")
    w("  内设机构: [办公室, 规划财务股, 业务一股, 业务二股]")
    w("  内设机构数: 4")
    w(f"  编制人数: {rnd.randint(10, 60)}")
    w("预算执行:")
    w(f"  年初预算数: {wan(a_total)}")
    w(f"  调整预算数: {wan(adj_total)}")
    w("支出:")
    w(f"  基本支出: {wan(basic)}")
    w(f"  项目支出: {wan(proj_total)}")
    w("基本支出明细:")
    w(f"  工资福利支出: {wan(wages)}")
    w(f"  商品和服务支出: {wan(goods)}")
    w(f"  对个人和家庭的补助: {wan(welfare)}")
    w("三公经费:")
    w("  因公出国（境）费: 0")
    w(f"  公务接待费: {wan(rnd.randint(1, 500) * 100)}")
    w(f"  公务用车购置及运行费: {wan(rnd.randint(1, 500) * 100)}")
    w("项目:")
    for (n, a, adj, spent) in projects:
        w(f"  - 名称: {n}")
        w(f"    年初预算数: {wan(a)}")
        w(f"    调整预算数: {wan(adj)}")
        w(f"    实际支出: {wan(spent)}")
    w("项目绩效:")
    for (n, a, adj, spent) in projects:
        w(f"  - 名称: {n}")
        w(f"    段落:")
        w(f"      - 项目支出{wan(spent)}万元，主要用于{n}相关工作，全年任务按计划完成，资金使用规范，达到预期效果。")
    w("正文:")
    w("  存在问题:")
    w("    - 预算编制的精准度有待提高，个别项目执行进度不均衡。")
    w("  改进措施:")
    w("    - 加强预算编制和执行管理，提高资金使用效益。")
    w("自评表:")
    for f in range(rnd.randint(3, 6)):
        n, a, adj, spent = projects[f]
        w(f"  - 项目名称: {n}")
        w("    资金:")
        w("      年度资金总额:")
        w(f"        年初预算数: {wan(a)}")
        w(f"        全年预算数: {wan(a + adj)}")
        w(f"        全年执行数: {wan(spent)}")
        w("      当年财政拨款:")
        w(f"        年初预算数: {wan(a)}")
        w(f"        全年预算数: {wan(a + adj)}")
        w(f"        全年执行数: {wan(spent)}")
        w("    年度总体目标:")
        w(f"      预期目标: 按计划完成{n}年度任务。")
        w(f"      实际完成情况: 已按计划完成{n}年度任务。")
        w("    绩效指标:")
        rows = [("产出指标", "数量指标", "服务对象人数", "1000人", "1000人", 20),
                ("产出指标", "质量指标", "资金发放准确率", "100%", "100%", 15),
                ("产出指标", "时效指标", "资金拨付及时率", "≥95%", "100%", 15),
                ("效益指标", "社会效益指标", "困难群众基本生活保障", "有效保障", "有效保障", 20),
                ("效益指标", "可持续影响指标", "长效机制建立", "建立", "建立", 10),
                ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", 10)]
        for (l1, l2, l3, t, act, sc) in rows:
            w(f"      - 一级指标: {l1}")
            w(f"        二级指标: {l2}")
            w(f"        三级指标: {l3}")
            w(f"        年度指标值: \"{t}\"")
            w(f"        实际完成值: \"{act}\"")
            w(f"        分值: {sc}")
    return name, "\n".join(L) + "\n"

def main():
    args = sys.argv[1:]
    seed = 1
    if "--seed" in args:
        i = args.index("--seed"); seed = int(args[i + 1]); del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    n, out = int(args[0]), args[1]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(seed)
    for i in range(n):
        _, text = unit(i, rnd)
        with open(os.path.join(out, f"unit{i:04d}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)

if __name__ == "__main__":
    main()
