#!/usr/bin/env python3
"""Write the XML sources of the bundled templates into templates/src/<name>/.

The report (templates/src/report) and the 自评表 form (templates/src/form)
are WordprocessingML written by this script, so that their structure is
reviewed as code; tools/pack-template.sh zips a source folder into
templates/<name>.docx deterministically.  After changing this script run:

    python3 tools/make-templates.py && tools/pack-template.sh

Page and type follow GB/T 9704-2012: A4, top margin 37 mm, left 28 mm,
版心 156 x 225 mm, body 3号仿宋 (16 pt) on a 22-line grid (28.95 pt pitch),
title 2号小标宋, 一级 headings 黑体, 二级 楷体, page numbers "— 1 —" in
4号宋体.  The template language is described in docs/templates.md.
"""
import os
import sys
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

TEXT_WIDTH = 8844   # 156 mm in twips

# ---------------------------------------------------------------- helpers


def run(text, rpr=""):
    rp = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rp}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text="", style=None, ppr="", rpr=""):
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ppr
    pp = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{pp}{run(text, rpr) if text else ''}</w:p>\n"


def tag(t):
    """A paragraph holding only a block tag (it disappears when filled)."""
    return para(t)


def cell(text, width, span=1, vmerge=None, style="TableText", shade=False, paras=None, no_bottom=False,
         keep_next=False):
    pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    if no_bottom:
        pr += '<w:tcBorders><w:bottom w:val="nil"/></w:tcBorders>'
    if shade:
        pr += '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
    pr += '<w:vAlign w:val="center"/>'
    kn = "<w:keepNext/>" if keep_next else ""
    body = "".join(para(p, style, ppr=kn) for p in (paras if paras is not None else [text]))
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"


def row(cells, header=False, cant_split=True, height=None):
    pr = ""
    if cant_split:
        pr += "<w:cantSplit/>"
    if height:
        pr += f'<w:trHeight w:val="{height}"/>'
    if header:
        pr += "<w:tblHeader/>"
    trpr = f"<w:trPr>{pr}</w:trPr>" if pr else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>\n"


def table(widths, rows, style="BudgetTable"):
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>\n{"".join(rows)}</w:tbl>\n')


def simple_table(headers, cells, widths, total=None):
    """A header row and one data row (or a loop row); total: an extra row."""
    rows = [row([cell(h, w, shade=True) for h, w in zip(headers, widths)], header=True)]
    rows.append(row([cell(c, w) for c, w in zip(cells, widths)]))
    if total:
        rows.append(row([cell(c, w) for c, w in zip(total, widths)]))
    return table(widths, rows)


def unit_note():
    return para("单位：万元", "TableNote")


def sect(footer_rid="rId3", even_footer_rid="rId4"):
    # GB/T 9704 §7.5: odd pages (the default footer) number at the right,
    # even pages at the left; settings() turns on w:evenAndOddHeaders.
    return (f'<w:sectPr><w:footerReference w:type="default" r:id="{footer_rid}"/>'
            f'<w:footerReference w:type="even" r:id="{even_footer_rid}"/>'
            '<w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" '
            'w:footer="1304" w:gutter="0"/>'
            '<w:pgNumType w:fmt="decimal"/>'
            '<w:cols w:space="425"/>'
            '<w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>')


def document(body):
    return (DECL + f'<w:document {W} {R_NS}><w:body>\n{body}{sect()}</w:body></w:document>\n')

# ---------------------------------------------------------------- styles


def styles():
    fs = '<w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
    def font(east, ascii_="Times New Roman"):
        return f'<w:rFonts w:ascii="{ascii_}" w:eastAsia="{east}" w:hAnsi="{ascii_}" w:cs="Times New Roman"/>'
    border = ''.join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return DECL + f'''<w:styles {W}>
<w:docDefaults>
<w:rPrDefault><w:rPr>{fs}<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:widowControl/><w:jc w:val="both"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>
<w:pPr><w:spacing w:line="579" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr>
<w:rPr>{fs}<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:spacing w:before="0" w:after="579" w:line="700" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:outlineLvl w:val="9"/></w:pPr>
<w:rPr>{font("方正小标宋简体")}<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:keepNext/><w:spacing w:before="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>{font("黑体")}</w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:keepNext/><w:spacing w:before="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr>{font("楷体_GB2312")}</w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:keepNext/><w:spacing w:before="120"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="落款"/><w:basedOn w:val="Normal"/>
<w:pPr><w:ind w:firstLineChars="0" w:firstLine="0" w:rightChars="400" w:right="1280"/><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Attachment"><w:name w:val="附件"/><w:basedOn w:val="Normal"/>
<w:pPr><w:ind w:leftChars="200" w:left="640" w:firstLineChars="0" w:firstLine="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="AttachmentLabel"><w:name w:val="附件标识"/><w:basedOn w:val="Normal"/>
<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="400" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr><w:rPr>{font("黑体")}</w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="FormTitle"><w:name w:val="表格标题"/><w:basedOn w:val="Normal"/>
<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="80" w:line="440" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>
<w:rPr>{font("方正小标宋简体")}<w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="FormYear"><w:name w:val="表格年度"/><w:basedOn w:val="Normal"/>
<w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="120" w:line="400" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>
<w:rPr>{font("楷体_GB2312")}</w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="表格文字"/><w:basedOn w:val="Normal"/>
<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="260" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>
<w:rPr>{font("宋体")}<w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableTextLeft"><w:name w:val="表格文字左"/><w:basedOn w:val="TableText"/>
<w:pPr><w:jc w:val="left"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TableNote"><w:name w:val="表注"/><w:basedOn w:val="Normal"/>
<w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:line="360" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/></w:pPr>
<w:rPr>{font("宋体")}<w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="FormLine"><w:name w:val="表后说明"/><w:basedOn w:val="Normal"/>
<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="60" w:line="360" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr>
<w:rPr>{font("仿宋_GB2312")}<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>
<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>
<w:rPr>{font("宋体")}<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>
<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="BudgetTable"><w:name w:val="预算表格"/><w:basedOn w:val="TableNormal"/>
<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>
<w:rPr>{font("宋体")}<w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>
<w:tblPr><w:tblBorders>{border}</w:tblBorders><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>
'''

# ---------------------------------------------------------------- package parts


def content_types(footer=True):
    f = "".join(f'<Override PartName="/word/footer{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'wordprocessingml.footer+xml"/>' for n in (1, 2)) if footer else ""
    return DECL + ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/>'
                   '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.styles+xml"/>'
                   '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.settings+xml"/>' + f +
                   '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
                   'core-properties+xml"/>'
                   '</Types>\n')


def root_rels():
    return DECL + ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   'officeDocument" Target="word/document.xml"/>'
                   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
                   'metadata/core-properties" Target="docProps/core.xml"/>'
                   '</Relationships>\n')


def doc_rels():
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    return DECL + ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{base}styles" Target="styles.xml"/>'
                   f'<Relationship Id="rId2" Type="{base}settings" Target="settings.xml"/>'
                   f'<Relationship Id="rId3" Type="{base}footer" Target="footer1.xml"/>'
                   f'<Relationship Id="rId4" Type="{base}footer" Target="footer2.xml"/>'
                   '</Relationships>\n')


def settings():
    return DECL + (f'<w:settings {W}><w:zoom w:percent="100"/><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/>'
                   '<w:drawingGridVerticalSpacing w:val="579"/><w:characterSpacingControl w:val="compressPunctuation"/>'
                   '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
                   '<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/>'
                   '<w:useFELayout/></w:compat>'
                   '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>\n')


def footer(odd=True):
    # "— N —": the page number between two em dashes (一字线), 4号 half-width
    # 宋体 digits, as GB/T 9704 §7.5 prints it; the PAGE field keeps it live
    # in Word.  Odd pages at the right, even pages at the left, one character
    # of the 3号 body (16 pt = 320 twips) in from the edge of the text block.
    rpr = '<w:rFonts w:ascii="宋体" w:eastAsia="宋体" w:hAnsi="宋体"/><w:sz w:val="28"/><w:szCs w:val="28"/>'
    side = ('<w:ind w:right="320" w:firstLine="0"/><w:jc w:val="right"/>' if odd
            else '<w:ind w:left="320" w:firstLine="0"/><w:jc w:val="left"/>')
    return DECL + (f'<w:ftr {W}><w:p><w:pPr><w:pStyle w:val="Footer"/>{side}</w:pPr>'
                   f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">— </w:t></w:r>'
                   f'<w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
                   f'<w:r><w:rPr>{rpr}</w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                   f'<w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
                   f'<w:r><w:rPr>{rpr}</w:rPr><w:t>1</w:t></w:r>'
                   f'<w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="end"/></w:r>'
                   f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>\n')


def core(title):
    return DECL + ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                   'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                   f'<dc:title>{escape(title)}</dc:title><dc:creator>jixiao</dc:creator>'
                   '</cp:coreProperties>\n')

# ---------------------------------------------------------------- the report


def h1(text):
    return para("{{@一级}}" + text, "Heading1")


def h2(text):
    return para("{{@二级}}" + text, "Heading2")


def body(text):
    return para(text)


def report_body():
    out = []
    a = out.append
    a(para("{{报告标题}}", "Title"))
    a(tag("{{#if 正文.章节}}"))
    # a free outline replaces the standard sections
    a(tag("{{#each 正文.章节}}"))
    a(tag("{{#if 标题}}"))
    a(h1("{{标题}}"))
    a(tag("{{/if}}"))
    a(body("{{段落}}"))
    a(tag("{{/each}}"))
    a(tag("{{else}}"))

    # 一、部门概况
    a(h1("部门概况"))
    a(h2("部门基本情况"))
    a(tag("{{#if 单位概况.概况}}"))
    a(body("{{单位概况.概况}}"))
    a(tag("{{else}}"))
    a(body("{{单位名称}}{{#if 单位概况.机构性质}}为{{单位概况.机构性质}}{{/if}}。"
           "{{#if 单位概况.内设机构}}内设{{单位概况.内设机构 | 个数 | 中文数字}}个股室（科室）：{{单位概况.内设机构}}。{{/if}}"
           "{{#if 单位概况.二级单位}}下设{{单位概况.二级单位 | 个数 | 中文数字}}个二级单位：{{单位概况.二级单位}}。{{/if}}"
           "{{#if 单位概况.其他机构}}另设{{单位概况.其他机构}}。{{/if}}"
           "{{#if 单位概况.编制人数}}核定编制{{单位概况.编制人数}}人。{{/if}}"
           "{{#if 单位概况.实有人数}}实有在职人员{{单位概况.实有人数}}人"
           "{{#if 单位概况.行政编制 or 单位概况.事业编制 or 单位概况.工勤人员}}，其中"
           "{{#if 单位概况.行政编制}}行政编制{{单位概况.行政编制}}人{{/if}}"
           "{{#if 单位概况.事业编制}}{{#if 单位概况.行政编制}}，{{/if}}事业编制{{单位概况.事业编制}}人{{/if}}"
           "{{#if 单位概况.工勤人员}}，工勤人员{{单位概况.工勤人员}}人{{/if}}{{/if}}"
           "{{#if 单位概况.退休人数}}；退休人员{{单位概况.退休人数}}人{{/if}}。{{/if}}"))
    a(tag("{{/if}}"))
    a(tag("{{#if 单位概况.职责}}"))
    a(body("主要职责{{#if 单位概况.职责依据}}（依据{{单位概况.职责依据}}）{{/if}}："))
    a(body("{{单位概况.职责}}"))
    a(tag("{{/if}}"))
    a(body("{{单位概况.资产情况}}"))
    a(tag("{{#if 正文.重点工作}}"))
    a(h2("{{年度}}年重点工作"))
    a(body("{{正文.重点工作}}"))
    a(tag("{{/if}}"))
    a(tag("{{#if 正文.绩效目标}}"))
    a(h2("部门整体支出绩效目标"))
    a(body("{{正文.绩效目标}}"))
    a(tag("{{/if}}"))
    a(tag("{{#if 正文.绩效管理}}"))
    a(h2("预算绩效管理开展情况"))
    a(body("{{正文.绩效管理}}"))
    a(tag("{{/if}}"))

    # 二、部门整体支出管理及使用情况
    a(tag("{{#if 预算执行 or 收入 or 支出 or 基本支出明细 or 三公经费 or 项目 or 专项资金}}"))
    a(h1("部门整体支出管理及使用情况"))
    a(tag("{{#if 预算执行}}"))
    a(h2("预算及执行情况"))
    a(body("{{#if 预算执行.年初预算数}}{{年度}}年年初预算{{预算执行.年初预算数}}万元"
           "{{#if 预算执行.年初基本支出}}，其中基本支出{{预算执行.年初基本支出}}万元、项目支出{{预算执行.年初项目支出 | 默认:0}}万元{{/if}}"
           "{{#if 预算执行.年初预算变动}}，比上年{{预算执行.年初预算变动方向}}{{预算执行.年初预算变动额}}万元"
           "{{#if 预算执行.年初预算变动幅度}}（{{预算执行.年初预算变动方向}}{{预算执行.年初预算变动幅度}}）{{/if}}{{/if}}。{{/if}}"
           "{{#if 预算执行.调整预算数}}年中调整预算{{预算执行.调整预算数}}万元。{{/if}}"
           "{{#if 预算执行.全年预算数}}全年预算{{预算执行.全年预算数}}万元{{#if 预算执行.全年执行数}}，{{else}}。{{/if}}{{/if}}"
           "{{#if 预算执行.全年执行数}}全年执行{{预算执行.全年执行数}}万元{{#if 预算执行.执行率}}，预算执行率{{预算执行.执行率}}{{/if}}。{{/if}}"
           "{{预算执行.变动说明}}{{#if 预算执行.变动说明}}。{{/if}}"))
    a(unit_note())
    w5 = [1769, 1769, 1769, 1769, 1768]
    a(simple_table(["年初预算数", "调整预算数", "全年预算数", "全年执行数", "执行率"],
                   ["{{预算执行.年初预算数 | 默认:—}}", "{{预算执行.调整预算数 | 默认:—}}", "{{预算执行.全年预算数 | 默认:—}}",
                    "{{预算执行.全年执行数 | 默认:—}}", "{{预算执行.执行率 | 默认:—}}"], w5))
    a(tag("{{/if}}"))

    a(tag("{{#if 收入}}"))
    a(h2("收入情况"))
    a(body("{{年度}}年收入合计{{收入.合计}}万元{{#if 收入.明细}}，其中"
           "{{#each 收入.明细}}{{来源}}{{金额}}万元{{#unless @末项}}，{{/unless}}{{/each}}{{/if}}。"))
    a(tag("{{#if 收入.明细}}"))
    a(unit_note())
    wi = [900, 5144, 2800]
    a(table(wi, [
        row([cell("序号", wi[0], shade=True), cell("收入来源", wi[1], shade=True), cell("金额", wi[2], shade=True)], header=True),
        row([cell("{{#each 收入.明细}}{{@序号}}", wi[0]), cell("{{来源}}", wi[1]), cell("{{金额}}{{/each}}", wi[2])]),
        row([cell("合计", wi[0] + wi[1], span=2), cell("{{收入.合计}}", wi[2])]),
    ]))
    a(tag("{{/if}}"))
    a(tag("{{/if}}"))

    a(tag("{{#if 支出}}"))
    a(h2("支出情况"))
    a(body("{{年度}}年部门整体支出{{支出.合计}}万元"
           "{{#if 支出.基本支出}}，其中：基本支出{{支出.基本支出}}万元{{#if 支出.基本支出占比}}，占{{支出.基本支出占比}}{{/if}}{{/if}}"
           "{{#if 支出.项目支出}}；项目支出{{支出.项目支出}}万元{{#if 支出.项目支出占比}}，占{{支出.项目支出占比}}{{/if}}{{/if}}"
           "{{#if 支出.结余结转}}；结余结转{{支出.结余结转}}万元{{/if}}。"))
    a(body("{{支出.说明}}"))
    a(unit_note())
    w4 = [2211, 2211, 2211, 2211]
    a(simple_table(["支出合计", "基本支出", "项目支出", "结余结转"],
                   ["{{支出.合计 | 默认:—}}", "{{支出.基本支出 | 默认:—}}{{#if 支出.基本支出占比}}（{{支出.基本支出占比}}）{{/if}}",
                    "{{支出.项目支出 | 默认:—}}{{#if 支出.项目支出占比}}（{{支出.项目支出占比}}）{{/if}}",
                    "{{支出.结余结转 | 默认:—}}"], w4))
    a(tag("{{/if}}"))

    a(tag("{{#if 基本支出明细}}"))
    a(h2("基本支出情况"))
    a(body("{{年度}}年基本支出{{基本支出明细.合计}}万元，其中："
           "{{#if 基本支出明细.工资福利支出}}工资福利支出{{基本支出明细.工资福利支出}}万元{{/if}}"
           "{{#if 基本支出明细.商品和服务支出}}，商品和服务支出{{基本支出明细.商品和服务支出}}万元{{/if}}"
           "{{#if 基本支出明细.对个人和家庭的补助}}，对个人和家庭的补助{{基本支出明细.对个人和家庭的补助}}万元{{/if}}"
           "{{#if 基本支出明细.资本性支出}}，资本性支出{{基本支出明细.资本性支出}}万元{{/if}}。"))
    a(body("{{基本支出明细.说明}}"))
    a(unit_note())
    a(simple_table(["合计", "工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出"],
                   ["{{基本支出明细.合计 | 默认:—}}", "{{基本支出明细.工资福利支出 | 默认:—}}",
                    "{{基本支出明细.商品和服务支出 | 默认:—}}", "{{基本支出明细.对个人和家庭的补助 | 默认:—}}",
                    "{{基本支出明细.资本性支出 | 默认:—}}"], w5))
    a(tag("{{/if}}"))

    a(tag("{{#if 三公经费}}"))
    a(h2("“三公”经费情况"))
    a(body("{{年度}}年“三公”经费支出{{三公经费.合计}}万元"
           "{{#if 三公经费.因公出国（境）费 or 三公经费.公务接待费 or 三公经费.公务用车购置及运行费}}，其中："
           "因公出国（境）费{{三公经费.因公出国（境）费 | 默认:0}}万元，公务接待费{{三公经费.公务接待费 | 默认:0}}万元，"
           "公务用车购置及运行费{{三公经费.公务用车购置及运行费 | 默认:0}}万元{{/if}}"
           "{{#if 三公经费.比上年增减}}，比上年{{三公经费.比上年增减 | 增减}}{{三公经费.比上年增减 | 绝对值}}万元{{/if}}。"))
    a(body("{{三公经费.说明}}"))
    a(tag("{{/if}}"))

    a(tag("{{#if 项目}}"))
    a(h2("项目支出情况"))
    a(body("{{年度}}年共实施项目{{项目 | 个数}}个{{#if 项目合计.全年预算数}}，全年预算{{项目合计.全年预算数}}万元{{/if}}"
           "{{#if 项目合计.实际支出}}，实际支出{{项目合计.实际支出}}万元{{/if}}，具体如下："))
    a(unit_note())
    wp = [560, 2984, 1060, 1060, 1060, 1060, 1060]
    a(table(wp, [
        row([cell(h, w, shade=True) for h, w in zip(
            ["序号", "项目名称", "年初预算数", "调整预算数", "全年预算数", "实际支出", "结余结转"], wp)], header=True),
        row([cell("{{#each 项目}}{{@序号}}", wp[0]), cell("{{名称}}{{#if 备注}}（{{备注}}）{{/if}}", wp[1], style="TableTextLeft"),
             cell("{{年初预算数 | 默认:—}}", wp[2]), cell("{{调整预算数 | 默认:—}}", wp[3]),
             cell("{{全年预算数 | 默认:—}}", wp[4]), cell("{{实际支出 | 默认:—}}", wp[5]),
             cell("{{结余结转 | 默认:—}}{{/each}}", wp[6])]),
        row([cell("合计", wp[0] + wp[1], span=2), cell("{{项目合计.年初预算数 | 默认:—}}", wp[2]),
             cell("{{项目合计.调整预算数 | 默认:—}}", wp[3]), cell("{{项目合计.全年预算数 | 默认:—}}", wp[4]),
             cell("{{项目合计.实际支出 | 默认:—}}", wp[5]), cell("{{项目合计.结余结转 | 默认:—}}", wp[6])]),
    ]))
    a(tag("{{#each 项目绩效}}"))
    a(para("{{@三级}}{{名称}}", "Heading3"))
    a(body("{{段落}}"))
    a(tag("{{/each}}"))
    a(tag("{{/if}}"))

    a(tag("{{#if 专项资金}}"))
    a(h2("专项资金情况"))
    a(tag("{{#each 专项资金}}"))
    a(para("{{@三级}}{{名称}}", "Heading3"))
    a(body("{{#if 合计}}全年共发放{{名称}}{{合计}}万元。{{/if}}"))
    a(body("{{标准}}"))
    a(body("{{#each 明细}}{{对象}}{{#if 户数}}{{户数}}户{{/if}}{{#if 人数}}{{人数}}人{{/if}}{{#if 人次}}{{人次}}人次{{/if}}"
           "{{#if 金额}}，发放{{金额}}万元{{/if}}{{#if @末项}}。{{else}}；{{/if}}{{/each}}"))
    a(body("{{说明}}"))
    a(tag("{{/each}}"))
    a(tag("{{/if}}"))
    a(tag("{{/if}}"))

    # 三、部门整体支出绩效情况
    a(tag("{{#if 正文.整体绩效 or 正文.履职完成情况 or 正文.履职效果 or 正文.满意度}}"))
    a(h1("部门整体支出绩效情况"))
    a(body("{{正文.整体绩效}}"))
    for field, title in (("履职完成情况", "履职完成情况"), ("履职效果", "履职效果"),
                         ("满意度", "社会满意度及可持续影响")):
        a(tag("{{#if 正文.%s}}" % field))
        a(h2(title))
        a(body("{{正文.%s}}" % field))
        a(tag("{{/if}}"))
    a(tag("{{/if}}"))

    for field, title in (("存在问题", "存在的问题"), ("改进措施", "改进措施和有关建议"),
                         ("结果应用", "绩效自评结果拟应用和公开情况"), ("其他说明", "其他需要说明的情况")):
        a(tag("{{#if 正文.%s}}" % field))
        a(h1(title))
        a(body("{{正文.%s}}" % field))
        a(tag("{{/if}}"))
    a(tag("{{/if}}"))

    # attachments list, signature and date
    # the list of attachments, the 落款 and its date keep together
    # (w:keepNext), so that the date never stands alone on the last page
    kn = "<w:keepNext/>"
    a(tag("{{#if 自评表}}"))
    a(para("", ppr=kn))
    a(tag("{{#each 自评表}}"))
    a(para("{{#if @首项}}附件：{{else}}　　　{{/if}}{{@序号}}.{{项目名称}}{{表名}}", "Attachment", ppr=kn))
    a(tag("{{/each}}"))
    a(tag("{{/if}}"))
    a(para("", ppr=kn))
    a(para("{{落款}}", "Signature", ppr=kn))
    a(para("{{报告日期 | 中文日期}}", "Signature"))
    return "".join(out)

# ---------------------------------------------------------------- the form

# nine grid columns: label | 一级 | 二级 | 三级 | 指标值 | 完成值 | 分值 | 得分 | 偏差原因
FW = [640, 880, 1000, 1500, 1120, 1120, 560, 900, 1124]


# The indicator table has a grid of its own: narrow label, 分值 and 得分
# columns, and the room they leave to 三级指标 and 偏差原因 (seven and eight
# characters of 10 pt a line, where they had six and five; the samples'
# indicator rows are a fifth shorter).
FI = [540, 920, 920, 1600, 1000, 1000, 540, 540, 1784]


def span(a, b):
    return sum(FW[a:b])


def form_body():
    out = []
    a = out.append
    a(para("附件{{@序号}}", "AttachmentLabel"))
    a(para("{{表名}}", "FormTitle"))
    a(para("（{{年度}}年度）", "FormYear"))
    c = cell
    rows = [
        row([c("{{名称标签}}", span(0, 2), span=2), c("{{项目名称}}", span(2, 9), span=7)]),
        row([c("主管部门", span(0, 2), span=2), c("{{主管部门}}", span(2, 4), span=2),
             c("实施单位", span(4, 6), span=2), c("{{实施单位}}", span(6, 9), span=3)]),
        row([c("项目资金（万元）", FW[0], vmerge="restart"), c("", span(1, 3), span=2),
             c("年初预算数", FW[3]), c("全年预算数", FW[4]), c("全年执行数", FW[5]),
             c("分值", FW[6]), c("执行率", FW[7]), c("得分", FW[8])]),
        row([c("", FW[0], vmerge="continue"), c("年度资金总额", span(1, 3), span=2, style="TableTextLeft"),
             c("{{资金.年度资金总额.年初预算数}}", FW[3]), c("{{资金.年度资金总额.全年预算数}}", FW[4]),
             c("{{资金.年度资金总额.全年执行数}}", FW[5]), c("{{执行率分值}}", FW[6]),
             c("{{执行率}}", FW[7]), c("{{执行率得分}}", FW[8])]),
    ]
    for key, label in (("当年财政拨款", "其中：当年财政拨款"), ("上年结转资金", "上年结转资金"), ("其他资金", "其他资金")):
        rows.append(row([c("", FW[0], vmerge="continue"), c(label, span(1, 3), span=2, style="TableTextLeft"),
                         c("{{资金.%s.年初预算数}}" % key, FW[3]), c("{{资金.%s.全年预算数}}" % key, FW[4]),
                         c("{{资金.%s.全年执行数}}" % key, FW[5]), c("", FW[6]), c("", FW[7]), c("", FW[8])]))
    rows += [
        row([c("年度总体目标", FW[0], vmerge="restart"), c("预期目标", span(1, 5), span=4),
             c("实际完成情况", span(5, 9), span=4)]),
        # the table's bottom border is left to the indicator table below
        row([c("", FW[0], vmerge="continue", no_bottom=True),
             c("", span(1, 5), span=4, style="TableTextLeft", paras=["{{年度总体目标.预期目标}}"], no_bottom=True),
             c("", span(5, 9), span=4, style="TableTextLeft", paras=["{{年度总体目标.实际完成情况}}"],
               no_bottom=True)], cant_split=False),
    ]
    a(table(FW, rows))
    # The indicators are a table of their own, right under the first, so
    # that their column heads can be a header row (w:tblHeader rows must
    # start a table) repeated on every page the indicators run over.  The
    # paragraph between the two tables is 1 pt high.
    a(para("", ppr='<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
           rpr='<w:sz w:val="2"/><w:szCs w:val="2"/>'))
    rows = [
        row([c("", FI[0]), c("一级指标", FI[1]), c("二级指标", FI[2]), c("三级指标", FI[3]),
             c("年度指标值", FI[4]), c("实际完成值", FI[5]), c("分值", FI[6]), c("得分", FI[7]),
             c("偏差原因分析及改进措施", FI[8])], header=True),
        # one row per indicator; the label column and 一级 and 二级 merge
        # down equal cells
        row([c("{{#each 绩效指标}}绩效指标{{合并}}", FI[0]), c("{{一级指标}}{{合并}}", FI[1]),
             c("{{二级指标}}{{合并}}", FI[2]), c("{{三级指标}}", FI[3], style="TableTextLeft"),
             c("{{年度指标值}}", FI[4]), c("{{实际完成值}}", FI[5]), c("{{分值}}", FI[6]), c("{{得分}}", FI[7]),
             c("", FI[8], style="TableTextLeft", paras=["{{偏差原因分析及改进措施}}{{/each}}"])]),
        # the closing rows and the 填表人 line after the table stay together
        row([c("总分", sum(FI[0:6]), span=6, keep_next=True), c("{{分值合计}}", FI[6], keep_next=True),
             c("{{总分}}", FI[7], keep_next=True), c("", FI[8], keep_next=True)]),
        row([c("", sum(FI), span=9, style="TableTextLeft", keep_next=True,
               paras=["改进措施及结果应用方案：", "{{改进措施及结果应用方案}}"])], cant_split=False),
    ]
    a(table(FI, rows))
    a(para("填表人：{{填表人}}　　　　联系电话：{{联系电话}}{{#if 填表日期}}　　　　填表日期：{{填表日期 | 中文日期}}{{/if}}",
           "FormLine"))
    return "".join(out)


def write(folder, parts):
    for name, data in parts.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)


def main():
    src = os.path.join(ROOT, "templates", "src")
    common = {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": root_rels(),
        "word/_rels/document.xml.rels": doc_rels(),
        "word/styles.xml": styles(),
        "word/settings.xml": settings(),
        "word/footer1.xml": footer(odd=True),
        "word/footer2.xml": footer(odd=False),
    }
    write(os.path.join(src, "report"), dict(common, **{
        "word/document.xml": document(report_body()),
        "docProps/core.xml": core("部门整体支出绩效自评报告"),
    }))
    write(os.path.join(src, "form"), dict(common, **{
        "word/document.xml": document(form_body()),
        "docProps/core.xml": core("项目支出绩效自评表"),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
