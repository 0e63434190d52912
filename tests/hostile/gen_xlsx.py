#!/usr/bin/env python3
"""Write the edge-case and hostile workbooks for the .xlsx reader into OUTDIR (generated, so the
bombs never sit in git).  `--small` leaves out the big ones (bombs, 100,000 strings, a million rows); the small ones are
committed in tests/fixtures/xlsx/ for the unit test, with edge-openpyxl.xlsx (openpyxl load and save)
and edge-libreoffice.xlsx (soffice --headless --convert-to xlsx) made from edge.xlsx.

Edge cases (edge.xlsx, date1904.xlsx): shared strings, rich text with a phonetic run, inline and
rich inline strings, xml:space and _x000D_ escapes, booleans, #DIV/0! and #N/A, formulas with and
without a cached value, a formula string, built-in, custom and CJK date formats, an ISO t="d" cell,
merged cells, a hidden sheet, a row and cells without r, 17-digit numbers (412.92000000000002,
0.30000000000000004), exponents, CJK sheet names, the 1904 date system.
Hostile: not a zip, an .xls-like and an encrypted-like OLE2 file, an OLE2 of another kind, a zip bomb,
a member over the size limit, 20,000 XML comments, the same big sheet listed until the book's total is passed,
100,000 shared strings, a million-row sheet, a million empty rows, traversal in a relationship
target, XXE and billion laughs, 100-deep XML, duplicate cells, huge column letters and bad
references, a number cell that is no number, a shared-string index out of range, a .docx, an .xlsb,
an .ods, a truncated zip, a control character, unsafe and ambiguous entry names, a missing sheet
part, a 200 KB string, too many merged ranges, two sheets of the same name."""
import os, struct, sys, zipfile

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

def ct(nsheets):
    o = ''.join(f'<Override PartName="/xl/worksheets/sheet{i+1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(nsheets))
    return (XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + o + '</Types>')

ROOT_RELS = (XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             f'<Relationship Id="rId1" Type="{RT}officeDocument" Target="xl/workbook.xml"/></Relationships>')

def wb_rels(targets, sst=True, styles=True):
    r = ''.join(f'<Relationship Id="rId{i+1}" Type="{RT}worksheet" Target="{t}"/>' for i, t in enumerate(targets))
    if sst: r += f'<Relationship Id="rIdS" Type="{RT}sharedStrings" Target="sharedStrings.xml"/>'
    if styles: r += f'<Relationship Id="rIdY" Type="{RT}styles" Target="/xl/styles.xml"/>'
    return XML + f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{r}</Relationships>'

def workbook(sheets, date1904=False):
    s = ''.join(f'<sheet name="{n}" sheetId="{i+1}"{st} r:id="rId{i+1}"/>' for i, (n, st) in enumerate(sheets))
    pr = '<workbookPr date1904="1"/>' if date1904 else '<workbookPr/>'
    return XML + f'<workbook {NS}>{pr}<sheets>{s}</sheets></workbook>'

def sheet(rows, merges=''):
    m = f'<mergeCells count="1">{merges}</mergeCells>' if merges else ''
    return XML + f'<worksheet {NS}><sheetData>{rows}</sheetData>{m}</worksheet>'

def sst(items):
    return XML + f'<sst {NS} count="{len(items)}" uniqueCount="{len(items)}">' + ''.join(f'<si>{x}</si>' for x in items) + '</sst>'

STYLES = (XML + f'<styleSheet {NS}><numFmts count="2">'
          '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
          '<numFmt numFmtId="165" formatCode="0.00&quot;万元&quot;;[Red]\\-0.00"/></numFmts>'
          '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
          '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/>'
          '<xf numFmtId="165"/><xf numFmtId="31"/></cellXfs></styleSheet>')

def book(path, sheets, sheet_xml, strings=None, date1904=False, extra=(), rels=None, members=None):
    """sheets: [(name, state attr)], sheet_xml: [xml] (sheetN.xml in order)."""
    parts = members if members is not None else [
        ('[Content_Types].xml', ct(len(sheet_xml))), ('_rels/.rels', ROOT_RELS),
        ('xl/workbook.xml', workbook(sheets, date1904)),
        ('xl/_rels/workbook.xml.rels', rels or wb_rels([f'worksheets/sheet{i+1}.xml' for i in range(len(sheet_xml))])),
        ('xl/styles.xml', STYLES), ('xl/sharedStrings.xml', sst(strings or ['x']))]
    if members is None:
        parts += [(f'xl/worksheets/sheet{i+1}.xml', x) for i, x in enumerate(sheet_xml)]
    parts += list(extra)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, d in parts:
            if callable(d):
                with z.open(n, 'w', force_zip64=True) as f: d(f)
            else:
                z.writestr(n, d)

def simple(path, rows='<row r="1"><c r="A1"><v>1</v></c></row>', **kw):
    book(path, [('Sheet1', '')], [sheet(rows)], **kw)

EDGE_ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>inline</t></is></c>'
    '<c r="B2" t="inlineStr"><is><r><rPr><b/></rPr><t>甲</t></r><r><t xml:space="preserve"> 乙</t></r></is></c></row>'
    '<row r="3"><c r="A3"><v>412.92000000000002</v></c><c r="B3"><v>0.30000000000000004</v></c>'
    '<c r="C3"><v>1E-3</v></c><c r="D3" t="n"><v>1.5E+3</v></c><c r="E3"><v>8650</v></c><c r="F3"><v>412.925</v></c></row>'
    '<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>0</v></c></row>'
    '<row r="5"><c r="A5" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B5" t="e"><v>#N/A</v></c></row>'
    '<row r="6"><c r="A6"><f>1+2</f><v>3</v></c><c r="B6"><f>A6*2</f></c><c r="C6" t="str"><f>"o"&amp;"k"</f><v>ok</v></c></row>'
    '<row r="7"><c r="A7" s="1"><v>45291</v></c><c r="B7" s="2"><v>45292</v></c><c r="C7" s="3"><v>12.5</v></c><c r="D7" s="4"><v>45293</v></c></row>'
    '<row r="8"><c r="A8" t="d"><v>2024-12-31T00:00:00</v></c></row>'
    '<row><c><v>1</v></c><c t="s"><v>2</v></c></row>'
    '<row r="10"><c r="A10" t="s"><v>3</v></c><c r="B10" t="s"><v>4</v></c></row>'
    '<row r="11"><c r="A11" t="s"><v>5</v></c><c r="B11" s="1"/></row>'
    '<row r="12"><c r="B12"><v>7</v></c></row>')
EDGE_STRINGS = ['<t>单位名称</t>',
                '<r><t>石峰</t></r><r><rPr><sz val="11"/></rPr><t>民政局</t></r><rPh sb="0" eb="2"><t>しほう</t></rPh><phoneticPr fontId="1"/>',
                '<t>位置</t>', '<t xml:space="preserve">  前后空格  </t>', '<t>一行_x000D_\n二行</t>', '<t>合并</t>']

def edge(out):
    book(os.path.join(out, 'edge.xlsx'), [('收入', ''), ('隐藏', ' state="hidden"'), ('Sheet3', ' state="veryHidden"')],
         [sheet(EDGE_ROWS, '<mergeCell ref="A11:C11"/><mergeCell ref="B12:B13"/>'),
          sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>hidden</t></is></c></row>'),
          sheet('')], strings=EDGE_STRINGS)
    book(os.path.join(out, 'date1904.xlsx'), [('Sheet1', '')],
         [sheet('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>43829</v></c></row>')], date1904=True)

def cfb(path, names):
    """A minimal compound file: header, a FAT sector, a directory sector with these streams."""
    hdr = bytearray(512)
    hdr[0:8] = bytes.fromhex('D0CF11E0A1B11AE1')
    struct.pack_into('<HHHHH', hdr, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into('<IIII', hdr, 40, 0, 1, 1, 0)       # dir sectors, FAT sectors, first dir sector, txn
    struct.pack_into('<IIII', hdr, 56, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into('<I', hdr, 76, 0)                   # DIFAT[0] = sector 0
    for i in range(1, 109): struct.pack_into('<I', hdr, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b'\xff' * 512)
    struct.pack_into('<II', fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    d = bytearray()
    for i, (n, typ) in enumerate([('Root Entry', 5)] + [(x, 2) for x in names]):
        e = bytearray(128)
        u = n.encode('utf-16-le') + b'\0\0'
        e[0:len(u)] = u
        struct.pack_into('<HBB', e, 64, len(u), typ, 1)
        struct.pack_into('<III', e, 68, 0xFFFFFFFF, 0xFFFFFFFF, 1 if (i == 0 and names) else 0xFFFFFFFF)
        d += e
    d += b'\0' * (-len(d) % 512)
    open(path, 'wb').write(bytes(hdr) + bytes(fat) + bytes(d) + b'\0' * 512)

def hostile(out, big):
    p = lambda n: os.path.join(out, n)
    open(p('notzip.xlsx'), 'w').write('单位名称,年度\n石峰区民政局,2024\n')
    cfb(p('old.xls'), ['Workbook', '\x05SummaryInformation'])
    cfb(p('encrypted.xlsx'), ['EncryptionInfo', 'EncryptedPackage', '\x06DataSpaces'])
    cfb(p('word.doc'), ['WordDocument', '1Table'])
    if big:
        def bomb(f):
            f.write(f'{XML}<worksheet {NS}><sheetData>'.encode())
            z = b' ' * (1 << 20)
            for _ in range(300): f.write(z)
            f.write(b'</sheetData></worksheet>')
        base = lambda sheets_xml: [('[Content_Types].xml', ct(1)), ('_rels/.rels', ROOT_RELS),
                                   ('xl/workbook.xml', workbook([('Sheet1', '')])),
                                   ('xl/_rels/workbook.xml.rels', wb_rels(['worksheets/sheet1.xml'], sst=False, styles=False))] + sheets_xml
        book(p('bomb.xlsx'), None, None, members=base([('xl/worksheets/sheet1.xml', bomb)]))
        def bomb_small(f):                              # under the part limit, past the ratio
            f.write(f'{XML}<worksheet {NS}><sheetData>'.encode())
            f.write(b'<x/>' * (12 << 20))
            f.write(b'</sheetData></worksheet>')
        book(p('bomb-small.xlsx'), None, None, members=base([('xl/worksheets/sheet1.xml', bomb_small)]))
        def padded(nlines):                             # about 6 to 1 deflated: under the ratio limit
            def w(f):
                f.write(f'{XML}<worksheet {NS}><sheetData>'.encode())
                for k in range(0, nlines, 100_000):
                    f.write(b''.join(b'<x a="%09d"/>\n' % i for i in range(k, min(nlines, k + 100_000))))
                f.write(b'</sheetData></worksheet>')
            return w
        book(p('bigmember.xlsx'), None, None, members=base([('xl/worksheets/sheet1.xml', padded(4_200_000))]))
        n = 6                                                # 6 x 47 MB read: past the 256 MB of a book
        book(p('total.xlsx'), None, None, members=[('[Content_Types].xml', ct(1)), ('_rels/.rels', ROOT_RELS),
             ('xl/workbook.xml', workbook([(f'S{i}', '') for i in range(n)])),
             ('xl/_rels/workbook.xml.rels', wb_rels(['worksheets/sheet1.xml'] * n, sst=False, styles=False)),
             ('xl/worksheets/sheet1.xml', padded(3_000_000))])
        simple(p('comments.xlsx'), '<!-- x -->' * 20000)
        simple(p('sst100k.xlsx'), strings=[f'<t>字符串{i}</t>' for i in range(100_000)])
        def million(f):
            f.write(f'{XML}<worksheet {NS}><sheetData>'.encode())
            for k in range(1, 1_048_577, 65536):
                f.write(b''.join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(k, min(1_048_577, k + 65536))))
            f.write(b'</sheetData></worksheet>')
        book(p('million.xlsx'), None, None, members=base([('xl/worksheets/sheet1.xml', million)]))
        def million_empty(f):
            f.write(f'{XML}<worksheet {NS}><sheetData>'.encode())
            f.write(b''.join(b'<row r="%d"/>' % i for i in range(1, 1_048_577)))
            f.write(b'</sheetData></worksheet>')
        book(p('million-empty.xlsx'), None, None, members=base([('xl/worksheets/sheet1.xml', million_empty)]))
    simple(p('traversal.xlsx'), rels=wb_rels(['../../../etc/passwd']))
    simple(p('traversal-abs.xlsx'), rels=wb_rels(['/../evil.xml']))
    xxe = XML.replace('\n', '') + '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>'
    book(p('xxe.xlsx'), [('Sheet1', '')], [xxe])
    lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + ''.join(f'<!ENTITY lol{i} "' + f'&lol{i-1 if i>1 else ""};' * 10 + '">' for i in range(1, 10)).replace('&lol0;', '&lol;') + f']><sst {NS}><si><t>&lol9;</t></si></sst>'
    book(p('laughs.xlsx'), None, None, members=[('[Content_Types].xml', ct(1)), ('_rels/.rels', ROOT_RELS),
         ('xl/workbook.xml', workbook([('Sheet1', '')])), ('xl/_rels/workbook.xml.rels', wb_rels(['worksheets/sheet1.xml'], styles=False)),
         ('xl/sharedStrings.xml', lol), ('xl/worksheets/sheet1.xml', sheet(''))])
    book(p('deep.xlsx'), [('Sheet1', '')], [XML + f'<worksheet {NS}>' + '<x>' * 100 + '</x>' * 100 + '</worksheet>'])
    simple(p('dup-cell.xlsx'), '<row r="2"><c r="B2"><v>1</v></c><c r="B2"><v>2</v></c></row>')
    simple(p('dup-cell-unsorted.xlsx'), '<row r="2"><c r="B2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>3</v></c></row>')
    simple(p('huge-col.xlsx'), '<row r="1"><c r="XFE1"><v>1</v></c></row>')
    simple(p('huge-col2.xlsx'), '<row r="1"><c r="AAAAAAAAAAAAAAAAAAAA1"><v>1</v></c></row>')
    simple(p('bad-r.xlsx'), '<row r="1"><c r="A0"><v>1</v></c></row>')
    simple(p('bad-row.xlsx'), '<row r="1048577"><c><v>1</v></c></row>')
    simple(p('bad-number.xlsx'), '<row r="1"><c r="A1"><v>12,5</v></c></row>')
    simple(p('bad-sst.xlsx'), '<row r="1"><c r="A1" t="s"><v>5</v></c></row>')
    simple(p('bad-type.xlsx'), '<row r="1"><c r="A1" t="x"><v>5</v></c></row>')
    with zipfile.ZipFile(p('word.xlsx'), 'w') as z:
        z.writestr('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr('_rels/.rels', ROOT_RELS.replace('xl/workbook.xml', 'word/document.xml'))
        z.writestr('word/document.xml', '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    with zipfile.ZipFile(p('binary.xlsb'), 'w') as z:
        z.writestr('_rels/.rels', ROOT_RELS.replace('xl/workbook.xml', 'xl/workbook.bin'))
        z.writestr('xl/workbook.bin', b'\x83\x01\x00')
    with zipfile.ZipFile(p('calc.ods'), 'w') as z:
        z.writestr('mimetype', 'application/vnd.oasis.opendocument.spreadsheet')
        z.writestr('content.xml', '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    data = open(p('dup-cell.xlsx'), 'rb').read()
    open(p('truncated.xlsx'), 'wb').write(data[: len(data) // 2])
    simple(p('control.xlsx'), '<row r="1"><c r="A1" t="inlineStr"><is><t>a\x01b</t></is></c></row>')
    simple(p('unsafe-entry.xlsx'), extra=[('../evil.xml', '<x/>')])
    simple(p('ambiguous.xlsx'), extra=[('XL/Workbook.xml', '<x/>')])
    simple(p('missing-sheet.xlsx'), rels=wb_rels(['worksheets/nosuch.xml']))
    simple(p('bigstring.xlsx'), strings=['<t>' + '长' * 70000 + '</t>'])
    simple(p('merges.xlsx'), '<row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells>' +
           ''.join(f'<mergeCell ref="A{i}:B{i}"/>' for i in range(1, 10003)) + '</mergeCells><sheetData>')
    book(p('dup-sheet.xlsx'), [('收入', ''), ('收入', '')], [sheet(''), sheet('')])

if __name__ == '__main__':
    small = '--small' in sys.argv
    out = [a for a in sys.argv[1:] if not a.startswith('--')][0]
    os.makedirs(out, exist_ok=True)
    edge(out)
    hostile(out, not small)
