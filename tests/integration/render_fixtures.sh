#!/bin/bash
# render_fixtures.sh — hand-written DOCX files that exercise the renderer's
# WordprocessingML subset, made with python3's zipfile (no office suite).
#
#   bash render_fixtures.sh --make DIR   only write DIR/*.docx (used by
#                                        render_docx.sh and tests/fidelity)
#   bash render_fixtures.sh              (under CTest) write them to a scratch
#                                        directory and check they are zips
set -euo pipefail

make_fixtures() {
python3 - "$1" <<'PY'
import sys, os, zipfile, struct, zlib
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'

def png(w, h):
    raw = b''.join(b'\x00' + bytes([200 if (x // 4 + y // 4) % 2 else 30, 30, 30] * 1)[0:3] * 1 for y in range(h) for x in range(1) )
    rows = b''
    for y in range(h):
        rows += b'\x00' + b''.join(bytes([180 if (x//4 + y//4) % 2 else 20, 40, 40]) for x in range(w))
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b'')

STYLES = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman"/><w:sz w:val="32"/><w:lang w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:widowControl/><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="400" w:line="700" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Cell"><w:name w:val="表格文字"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="280" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="21"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr></w:style>
</w:styles>'''

def p(text, style=None, ppr='', rpr=''):
    s = f'<w:pStyle w:val="{style}"/>' if style else ''
    r = f'<w:rPr>{rpr}</w:rPr>' if rpr else ''
    return f'<w:p><w:pPr>{s}{ppr}</w:pPr><w:r>{r}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'

def cell(text, w, span=1, vmerge=None, shade=None, valign='center'):
    tc = f'<w:tcW w:w="{w}" w:type="dxa"/>'
    if span > 1: tc += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == 'restart': tc += '<w:vMerge w:val="restart"/>'
    elif vmerge == 'cont': tc += '<w:vMerge/>'
    if shade: tc += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    tc += f'<w:vAlign w:val="{valign}"/>'
    return f'<w:tc><w:tcPr>{tc}</w:tcPr>{p(text, "Cell")}</w:tc>'

GRID = [1000, 1100, 1800, 1600, 1600, 700, 700]
def row(cells, header=False, cant=False):
    pr = ('<w:tblHeader/>' if header else '') + ('<w:cantSplit/>' if cant else '')
    return f'<w:tr><w:trPr>{pr}</w:trPr>{"".join(cells)}</w:tr>'

def self_eval_table(groups):
    rows = [row([cell('一级指标', GRID[0], shade='D9D9D9'), cell('二级指标', GRID[1], shade='D9D9D9'), cell('三级指标', GRID[2], shade='D9D9D9'),
                 cell('年度指标值', GRID[3], shade='D9D9D9'), cell('实际完成值', GRID[4], shade='D9D9D9'), cell('分值', GRID[5], shade='D9D9D9'), cell('得分', GRID[6], shade='D9D9D9')], header=True, cant=True)]
    for g, (lvl1, subs) in enumerate(groups):
        first1 = True
        for s, (lvl2, items) in enumerate(subs):
            first2 = True
            for k, item in enumerate(items):
                rows.append(row([
                    cell(lvl1, GRID[0], vmerge='restart' if first1 else 'cont'),
                    cell(lvl2, GRID[1], vmerge='restart' if first2 else 'cont'),
                    cell(item, GRID[2]), cell('≥95%', GRID[3]), cell('98.5%', GRID[4]), cell('5', GRID[5]), cell('5', GRID[6])], cant=True))
                first1 = first2 = False
    rows.append(row([cell('总分', sum(GRID[:5]), span=5), cell('100', GRID[5]), cell('98', GRID[6])], cant=True))
    tbl = '<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="8500" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>' + ''.join(f'<w:gridCol w:w="{g}"/>' for g in GRID) + '</w:tblGrid>' + ''.join(rows) + '</w:tbl>'
    return tbl

def inline_image(rid, cx_pt, cy_pt):
    cx, cy = int(cx_pt * 12700), int(cy_pt * 12700)
    return f'<w:r><w:drawing><wp:inline><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="pic"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="pic"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'

SECT = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1304" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>'
FOOTER = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {W}><w:p><w:pPr><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r><w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'
HEADER = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {W}><w:p><w:pPr><w:ind w:firstLine="0"/><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">渲染测试　共 </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:hdr>'

def package(name, body, image=None):
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}{SECT}</w:body></w:document>'
    rels = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>' + ('<Relationship Id="rIdI" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>' if image else '') + '</Relationships>'
    ct = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
    root = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
    core = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>渲染测试文档</dc:title><dc:creator>测试县民政局</dc:creator></cp:coreProperties>'
    with zipfile.ZipFile(os.path.join(out, name), 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', ct)
        z.writestr('_rels/.rels', root)
        z.writestr('docProps/core.xml', core)
        z.writestr('word/document.xml', doc)
        z.writestr('word/styles.xml', STYLES)
        z.writestr('word/_rels/document.xml.rels', rels)
        z.writestr('word/header1.xml', HEADER)
        z.writestr('word/footer1.xml', FOOTER)
        if image:
            z.writestr('word/media/image1.png', image)

para = '我局坚持以人民为中心的发展思想，认真落实各项民生政策，全年共发放城乡低保资金1,234.56万元，惠及困难群众5,678人次（其中城市低保对象1,024人）；特困人员供养、临时救助和孤儿基本生活保障等工作有序推进，“一老一小”关爱服务体系日趋完善。'
body = (p('测试县民政局2024年度部门整体支出绩效自评报告', 'Title') +
        p('一、部门概况', 'Heading1') + p('（一）部门基本情况', 'Heading2') + p(para) + p(para) +
        '<w:p><w:pPr><w:jc w:val="distribute"/><w:ind w:firstLine="0"/></w:pPr><w:r><w:t>分散对齐的一行文字</w:t></w:r></w:p>' +
        '<w:p><w:r><w:t xml:space="preserve">上标m</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r><w:r><w:t xml:space="preserve">，</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Strong"/><w:u w:val="single"/><w:color w:val="C00000"/></w:rPr><w:t>加粗下划线红字</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">Italic text</w:t></w:r><w:r><w:br/><w:t>换行之后</w:t><w:tab/><w:t>制表位后</w:t></w:r></w:p>' +
        '<w:p><w:pPr><w:jc w:val="center"/><w:ind w:firstLine="0"/></w:pPr>' + inline_image('rIdI', 60, 40) + '</w:p>' +
        p('二、部门整体支出绩效自评表', 'Heading1') + p(para) +
        self_eval_table([('产出指标', [('数量指标', ['低保对象保障人数', '特困人员供养人数', '临时救助人次', '孤儿保障人数', '适老化改造户数', '养老机构床位数']),
                                      ('质量指标', ['资金发放准确率', '低保动态管理率', '验收合格率', '档案完整率']),
                                      ('时效指标', ['资金按时发放率', '项目按期完成率']), ('成本指标', ['户均改造成本', '人均救助标准', '机构运营补助'])]),
                         ('效益指标', [('社会效益', ['困难群众基本生活保障', '社会救助兜底作用', '养老服务水平提升', '儿童关爱保护']),
                                      ('可持续影响', ['长效机制建立情况', '政策知晓率'])]),
                         ('满意度指标', [('服务对象满意度', ['救助对象满意度', '老年人满意度', '社会公众满意度'])])] * 2) +
        '<w:p><w:r><w:br w:type="page"/></w:r><w:r><w:t>分页符之后的段落。</w:t></w:r></w:p>' +
        p('三、存在的问题', 'Heading1') + p(para))
package('render-basic.docx', body, png(24, 16))

# a 1,000-row table, for the speed comparison in bench/
rows = [row([cell('序号', 900, shade='D9D9D9'), cell('项目名称', 3600, shade='D9D9D9'), cell('预算数（万元）', 2000, shade='D9D9D9'), cell('执行数（万元）', 2000, shade='D9D9D9')], header=True)]
for i in range(1, 1001):
    rows.append(row([cell(str(i), 900), cell(f'第{i}号民生项目资金', 3600), cell(f'{i * 1.25:.2f}', 2000), cell(f'{i * 1.2:.2f}', 2000)]))
tbl = '<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:jc w:val="center"/></w:tblPr><w:tblGrid><w:gridCol w:w="900"/><w:gridCol w:w="3600"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>' + ''.join(rows) + '</w:tbl>'
package('render-1000rows.docx', p('一千行表格', 'Title') + tbl + p('表格结束。'))

# what LibreOffice shows and we once did not: a leading paragraph that only
# breaks the page (an empty first page), a bold paragraph mark (the text
# stays regular), a long word in a narrow cell (broken without a hyphen),
# content controls around a row and around a cell (their text is kept),
# and a right-to-left paragraph (laid out left to right, with a warning)
def sdt(inner):
    return f'<w:sdt><w:sdtPr><w:alias w:val="控件"/></w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>'
narrow = '<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="700"/><w:gridCol w:w="3000"/></w:tblGrid>' + \
    row([cell('Abcdefghijklmnopqrstuvwxyz', 700), cell('窄单元格中的长单词', 3000)]) + \
    sdt(row([cell('控件行甲', 700), cell('控件行乙', 3000)])) + \
    '<w:tr>' + cell('普通单元格', 700) + sdt(cell('控件单元格', 3000)) + '</w:tr></w:tbl>'
body = ('<w:p><w:r><w:br w:type="page"/></w:r></w:p>' +
        p('页首分页符之后的第二页。') +
        '<w:p><w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:pPr></w:p>' +
        '<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>段落标记加粗而正文不加粗。</w:t></w:r></w:p>' +
        narrow + p('表格之后。') +
        '<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:rtl/></w:rPr><w:t>从右到左的段落。</w:t></w:r></w:p>')
package('render-reliability.docx', body)

# the 公文 page rules (issue 16): a long centred title, justified lines with
# numbers in them (stretched between the Chinese characters only), a table
# whose last two rows keep with the line after it (w:keepNext in every
# paragraph of the rows), so that rows and line go to the next page together,
# a heading before a three-line paragraph at a page bottom
def kcell(text, w):
    return (f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="Cell"/><w:keepNext/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>')
KG = [2000, 4000, 2500]
keep_tbl = ('<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="8500" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>' +
            ''.join(f'<w:gridCol w:w="{g}"/>' for g in KG) + '</w:tblGrid>' +
            row([cell('指标', KG[0], shade='D9D9D9'), cell('内容', KG[1], shade='D9D9D9'), cell('得分', KG[2], shade='D9D9D9')], header=True, cant=True) +
            ''.join(row([cell(f'第{i}项', KG[0]), cell('资金按时足额发放', KG[1]), cell('9.5', KG[2])], cant=True) for i in range(1, 5)) +
            row([kcell('总分', KG[0]), kcell('', KG[1]), kcell('98.5', KG[2])], cant=True) +
            row([kcell('改进措施', KG[0]), kcell('加强预算执行监控', KG[1]), kcell('', KG[2])], cant=True) + '</w:tbl>')
money = '全年预算7300.00万元，执行7296.45万元，执行率99.95%，其中基本支出1546.46万元、项目支出5750.99万元，结余结转3.55万元。'
body = (p('测试县民政局二〇二四年度部门整体支出绩效自评报告', 'Title') + p(money) + p(money) +
        ''.join(p(f'第{i}段正文，一行。') for i in range(1, 5)) + keep_tbl + p('填表人：　　　　联系电话：') +
        ''.join(p(f'第{i}段正文，一行。') for i in range(11, 27)) +
        p('二、部门整体支出绩效情况', 'Heading1') + p(money + money[:20]))
package('render-keep.docx', body)
PY
}

if [ "${1:-}" = "--make" ]; then
    make_fixtures "$2"
    exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make_fixtures "$dir"
for f in "$dir"/*.docx; do
    python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()" "$f"
done
echo "fixtures ok: $(ls "$dir" | tr '\n' ' ')"
