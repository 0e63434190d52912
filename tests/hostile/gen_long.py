#!/usr/bin/env python3
"""Write long and many-run documents into OUTDIR (issue 可靠性 items 2 and 3), with the exact text each
laid-out one must show in OUTDIR/<name>.txt:
  long-para.docx   150,000 characters of Chinese with punctuation, 16 pt, justified, first-line indent
                   (wider in all than pango's 32-bit positions: it used to come out as its first line)
  hanging.docx     30,000 characters under a hanging indent (several pieces handed to pango)
  long-word.docx   a word of 100,000 letters without a space (broken at the margin)
  tall-row.docx    a table with a repeating header row whose cantSplit row holds 2,000 characters,
                   taller than a page (it was cut at the page bottom)
  bench-N.docx     N characters of Chinese (N = 10k, 20k, 50k, 100k) for bench/long_text_bench.sh
and the refused ones:
  runs-1m.docx     one paragraph of 1,000,000 runs
  braces.docx      one paragraph of 500,000 runs of "{"
  tags.docx        one paragraph of 200,000 {{@一级}} tags
  chars-over.docx  one paragraph of 200,001 characters
  runs-over.docx   one paragraph of 20,001 runs
  tags-over.docx   one paragraph of 5,001 "{{" openings
  exact-row.docx   a table row of exact height taller than a page, with more text than a page holds"""
import os, random, sys, zipfile
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
      'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
out = sys.argv[1]
os.makedirs(out, exist_ok=True)

def make(name, body, text=None):
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(os.path.join(out, name), 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        z.writestr('word/document.xml', xml)
    if text is not None:
        with open(os.path.join(out, name[:-5] + '.txt'), 'w', encoding='utf-8') as f:
            f.write(text)

def chinese(n, seed, punct=True):
    r = random.Random(seed)
    letters = '绩效评价资金使用管理规范项目实施情况良好达到预期目标群众满意度较高'
    marks = '，。、；：（）“”'
    return ''.join(r.choice(marks) if punct and r.random() < 0.12 else r.choice(letters) for _ in range(n))

def para(text, ppr='', rpr=''):
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'

t = chinese(150000, 1)
make('long-para.docx', para(t, '<w:ind w:firstLine="640"/><w:jc w:val="both"/>', '<w:sz w:val="32"/>'), t)
t = chinese(30000, 2)
make('hanging.docx', para(t, '<w:ind w:left="640" w:hanging="640"/>', '<w:sz w:val="24"/>'), t)
t = 'a' * 100000
make('long-word.docx', para(t), t)
t = chinese(2000, 3)
head = ('<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>'
        '<w:p><w:r><w:t>表头</w:t></w:r></w:p></w:tc></w:tr>')
row = (f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>'
       f'{para(t)}</w:tc></w:tr>')
make('tall-row.docx', '<w:tbl><w:tblGrid><w:gridCol w:w="3000"/></w:tblGrid>' + head + row + '</w:tbl>', t)
exact = (f'<w:tr><w:trPr><w:trHeight w:val="30000" w:hRule="exact"/></w:trPr><w:tc><w:tcPr><w:tcW w:w="3000" '
         f'w:type="dxa"/></w:tcPr>{para("超高行" + t)}</w:tc></w:tr>')
make('exact-row.docx', '<w:tbl><w:tblGrid><w:gridCol w:w="3000"/></w:tblGrid>' + exact + '</w:tbl>')
for n in (10000, 20000, 50000, 100000):
    make(f'bench-{n // 1000}k.docx', para(chinese(n, 4)))

make('runs-1m.docx', '<w:p>' + '<w:r><w:t>字</w:t></w:r>' * 1000000 + '</w:p>')
make('braces.docx', '<w:p>' + '<w:r><w:t>{</w:t></w:r>' * 500000 + '</w:p>')
make('tags.docx', para('{{@一级}}' * 200000))
make('chars-over.docx', para(chinese(200001, 5, punct=False)))
make('runs-over.docx', '<w:p>' + '<w:r><w:t>字</w:t></w:r>' * 20001 + '</w:p>')
make('tags-over.docx', para('{{@一级}}' * 5001))
