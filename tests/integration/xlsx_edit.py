#!/usr/bin/env python3
"""Edit a workbook the way a clerk's spreadsheet program would, for the workbook tests.

  xlsx_edit.py IN OUT set SHEET CELL VALUE [SHEET CELL VALUE ...]   (openpyxl; VALUE: n:412.92, s:text,
                                                                     b:true, e:#DIV/0!, f:=1+2, d:2025-02-20, p:0.98 a number shown
#                                                                     as a percentage, as Excel stores "98%", -: empty)
  xlsx_edit.py IN OUT resave                                        (openpyxl load + save)
  xlsx_edit.py IN OUT digits17                                      (every number cell written as %.17g, as Excel does)
  xlsx_edit.py IN OUT raw SHEET_PART OLD NEW                          (replace text in one part's XML)
  xlsx_edit.py IN OUT delsheet NAME | rename OLD NEW
"""
import datetime
import re
import sys
import zipfile


def rezip(src, dst, fn):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, fn(item.filename, data))


def main():
    src, dst, op, *args = sys.argv[1:]
    if op == 'digits17':
        def f(name, data):
            if not name.startswith('xl/worksheets/sheet'):
                return data
            text = data.decode('utf-8')
            # Only number cells: <c r=".." s=".."><v>..</v> without t="s"/"str"/"b"/"e".
            def num(m):
                if ' t="' in m.group(1):
                    return m.group(0)
                return m.group(1) + '<v>' + ('%.17g' % float(m.group(2))) + '</v>'
            return re.sub(r'(<c [^>]*>)<v>([-0-9.E+]+)</v>', num, text).encode('utf-8')
        rezip(src, dst, f)
        return
    if op == 'raw':
        part, old, new = args
        def f(name, data):
            if name != part:
                return data
            text = data.decode('utf-8')
            if old not in text:
                sys.exit('raw: %r not in %s' % (old, part))
            return text.replace(old, new, 1).encode('utf-8')
        rezip(src, dst, f)
        return
    import openpyxl
    wb = openpyxl.load_workbook(src)
    if op == 'set':
        for i in range(0, len(args), 3):
            sheet, cell, value = args[i:i + 3]
            c = wb[sheet][cell]
            if value == '-':
                c.value = None
            elif value.startswith('n:'):
                c.value = float(value[2:]) if '.' in value else int(value[2:])
            elif value.startswith('s:'):
                c.value = value[2:]
                c.data_type = 's'
            elif value.startswith('b:'):
                c.value = value[2:] == 'true'
            elif value.startswith('e:'):
                c.value = value[2:]
                c.data_type = 'e'
            elif value.startswith('f:'):
                c.value = value[2:]
            elif value.startswith('p:'):
                c.value = float(value[2:]) if '.' in value else int(value[2:])
                c.number_format = '0.00%'
            elif value.startswith('d:'):
                c.value = datetime.date.fromisoformat(value[2:])
                c.number_format = 'yyyy-mm-dd'
            else:
                sys.exit('set: unknown value ' + value)
    elif op == 'delsheet':
        del wb[args[0]]
    elif op == 'rename':
        wb[args[0]].title = args[1]
    elif op != 'resave':
        sys.exit('unknown op ' + op)
    wb.save(dst)


main()
