#!/usr/bin/env python3
"""Write the hostile DOCX corpus into OUTDIR (generated, so the zip bomb never sits in git):
zip bomb, "../" and absolute entry names, duplicate entries, truncated zip, missing
[Content_Types].xml or word/document.xml, XXE, billion laughs, 3,000-deep XML, templates with
10,000 nested loops and with 30 nested loops that explode, a file that only starts like a zip."""
import zipfile, sys, os
CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def doc(body): return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
def para(t): return f'<w:p><w:r><w:t>{t}</w:t></w:r></w:p>'
def make(name, parts, dup=None):
    with zipfile.ZipFile(name, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, d in parts: z.writestr(n, d)
def base(extra=(), document=None):
    return [('[Content_Types].xml', CT), ('_rels/.rels', RELS), ('word/document.xml', document or doc(para('正文')))] + list(extra)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
p = lambda n: os.path.join(out, n)
make(p('ok.docx'), base())
make(p('bomb.docx'), base([('word/media/big.bin', b'\0' * (300 * 1024 * 1024))]))
make(p('traversal.docx'), base([('../../evil.xml', '<x/>')]))
make(p('absolute.docx'), base([('/etc/evil.xml', '<x/>')]))
import warnings; warnings.simplefilter('ignore')
make(p('duplicate.docx'), base([('word/document.xml', doc(para('second')))]))
data = open(p('ok.docx'), 'rb').read(); open(p('truncated.docx'), 'wb').write(data[: len(data) // 2])
make(p('no-content-types.docx'), [('_rels/.rels', RELS), ('word/document.xml', doc(para('x')))])
make(p('no-document.docx'), [('[Content_Types].xml', CT), ('_rels/.rels', RELS)])
xxe = '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + f'<w:document {W}><w:body>{para("&xxe;")}</w:body></w:document>'
make(p('xxe.docx'), base(document=xxe))
lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + ''.join(f'<!ENTITY lol{i} "' + f'&lol{i-1 if i>1 else ""};' * 10 + '">' for i in range(1, 10)).replace('&lol0;', '&lol;') + f']><w:document {W}><w:body>{para("&lol9;")}</w:body></w:document>'
make(p('laughs.docx'), base(document=lol))
deep = f'<?xml version="1.0"?><w:document {W}><w:body>' + '<w:tbl><w:tr><w:tc>' * 3000 + para('x') + '</w:tc></w:tr></w:tbl>' * 3000 + '</w:body></w:document>'
make(p('deep.docx'), base(document=deep))
loops = ''.join(para('{{#each 项目}}') for _ in range(10000)) + para('{{名称}}') + ''.join(para('{{/each}}') for _ in range(10000))
make(p('loops.docx'), base(document=doc(loops)))
explode = ''.join(para('{{#each 项目}}') for _ in range(30)) + para('{{名称}}') + ''.join(para('{{/each}}') for _ in range(30))
make(p('explode.docx'), base(document=doc(explode)))
open(p('notzip.docx'), 'wb').write(b'PK\x03\x04' + b'junk' * 100)
