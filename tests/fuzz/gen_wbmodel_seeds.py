#!/usr/bin/env python3
"""Seeds for fuzz_wbmodel: the cells of workbooks written by jixiao, in the target's line format
"S|REF|K|TEXT".  usage: gen_wbmodel_seeds.py OUTDIR BOOK.xlsx...  (needs python3-openpyxl)"""
import datetime, os, sys
import openpyxl

NAMES = ["基本情况", "单位概况", "预算执行", "收入支出", "收入明细", "三公经费", "项目", "项目绩效", "专项资金",
         "数据核对", "标准核对", "正文", "自评表1", "自评表2", "填表说明", "其他"]
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for path in sys.argv[2:]:
    wb = openpyxl.load_workbook(path)
    lines = []
    for ws in wb.worksheets:
        if ws.title not in NAMES:
            continue
        s = NAMES.index(ws.title)
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if v is None:
                    continue
                if isinstance(v, (datetime.date, datetime.datetime)):
                    k, t = 'd', str((v.date() if isinstance(v, datetime.datetime) else v) - datetime.date(1899, 12, 30)).split()[0]
                elif isinstance(v, bool):
                    k, t = 'b', '1' if v else '0'
                elif isinstance(v, (int, float)):
                    k, t = 'n', repr(v)
                elif isinstance(v, str) and v.startswith('='):
                    k, t = 'f', ''
                else:
                    k, t = 's', str(v).replace('\n', ' ').replace('|', '｜')
                lines.append('%d|%s|%s|%s' % (s, c.coordinate, k, t))
    name = os.path.splitext(os.path.basename(path))[0]
    open(os.path.join(out, name + '.txt'), 'w', encoding='utf-8').write('\n'.join(lines) + '\n')
