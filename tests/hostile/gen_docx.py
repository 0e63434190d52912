#!/usr/bin/env python3
"""Write the hostile DOCX corpus into OUTDIR (generated, so the zip bomb never sits in git):
zip bomb, "../" and absolute entry names, duplicate entries, truncated zip, missing
[Content_Types].xml or word/document.xml, XXE, billion laughs, 3,000-deep XML, templates with
10,000 nested loops and with 30 nested loops that explode, a file that only starts like a zip;
pictures that cannot be shown (damaged PNG or JPEG, 100000 x 100000 pixels, data of another format, an
extent that is huge or negative), entry names that zip readers may take for the same part, a Strict OOXML
document, a broken styles.xml, deflate data that does not inflate, a NUL and a control character in XML."""
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

# --- pictures that cannot be shown, ambiguous entry names, Strict OOXML, broken parts ---
import struct, zlib
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
def docr(body): return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W} {R}><w:body>{body}</w:body></w:document>'
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
def png(w, h, idat=None):
    rows = b''.join(b'\x00' + b'\x80\x40\x20' * w for _ in range(h)) if idat is None else b''
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', idat if idat is not None else zlib.compress(rows)) + chunk(b'IEND', b'')
def picture(cx=762000, cy=508000):
    return (f'<w:r><w:drawing><wp:inline><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="pic"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:blipFill><a:blip r:embed="rIdImg"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
IMG_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>'
def with_picture(name, data, cx=762000, cy=508000):
    body = para('第一段') + para('第二段') + f'<w:p>{picture(cx, cy)}</w:p>'
    make(p(name), base([('word/_rels/document.xml.rels', IMG_RELS), ('word/media/image1.png', data)], document=docr(body)))
good = png(8, 8)
with_picture('png-ok.docx', good)
with_picture('png-corrupt.docx', png(8, 8, idat=b'\x78\x9c' + b'\xff' * 40))
with_picture('png-huge.docx', png(100000, 100000, idat=zlib.compress(b'\0' * 1000)))
with_picture('png-notpng.docx', b'GIF89a' + b'\0' * 40)
def jpeg(w, h):  # SOI, an APP0 segment and a baseline frame header: enough to read the size
    return b'\xff\xd8' + b'\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00' + b'\xff\xc0\x00\x11\x08' + struct.pack('>HH', h, w) + b'\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01' + b'\xff\xd9'
with_picture('jpeg-nosize.docx', b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9')
with_picture('jpeg-huge.docx', jpeg(60000, 60000))
# within the limits but wider than the PDF writer's own old cap (20000 a side): it must reach the PDF
with_picture('jpeg-wide.docx', jpeg(25000, 400))
with_picture('extent-huge.docx', good, cx=10**12, cy=508000)
with_picture('extent-negative.docx', good, cx=-762000, cy=508000)
# zip readers disagree on which of two same-named entries counts (we took the last, LibreOffice the first)
def make_raw(name, entries):
    with zipfile.ZipFile(name, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, d in entries:
            zi = zipfile.ZipInfo(n); zi.compress_type = zipfile.ZIP_DEFLATED; z.writestr(zi, d)
make_raw(p('duplicate-case.docx'), base([('WORD/Document.xml', doc(para('second')))]))
make_raw(p('duplicate-slash.docx'), base([('/word/document.xml', doc(para('second')))]))
make_raw(p('duplicate-backslash.docx'), base([('\\word\\document.xml', doc(para('second')))]))
STRICT = 'xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"'
make(p('strict.docx'), base(document=f'<?xml version="1.0" encoding="UTF-8"?><w:document {STRICT}><w:body>{para("严格格式")}</w:body></w:document>'))
make(p('broken-styles.docx'), base([('word/styles.xml', f'<w:styles {W}><w:style>')]))
# a deflate stream that does not inflate: flip bytes inside the compressed data of word/document.xml
make(p('baddeflate.docx'), base(document=doc(para('正文' * 200))))
raw = bytearray(open(p('baddeflate.docx'), 'rb').read())
off = raw.find(b'word/document.xml') + len('word/document.xml')
for k in range(off + 4, off + 24): raw[k] = 0xff
open(p('baddeflate.docx'), 'wb').write(bytes(raw))
nul = doc(para('第一行')).replace('<w:body>', '<w:body>\n\n   ').replace('第一行', 'ab\0c')
make(p('nul.docx'), base(document=nul))
ctl = doc(para('x')).replace('<w:body>', '<w:body>\n').replace('<w:t>x', '<w:t>第\x01')
make(p('control.docx'), base(document=ctl))
