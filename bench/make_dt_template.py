#!/usr/bin/env python3
"""make_dt_template.py IN.docx OUT.docx: rewrite the block tags of a jixiao
template into docxtemplater's section syntax, keeping the {{ }} delimiters
and every other byte of the document, so that both engines fill the same
document structure.  Variables keep their jixiao text ("名称 | 万元:2");
bench/fill_docxtemplater.js gives docxtemplater a parser that understands it.

    {{#each X}} … {{/each}}       ->  {{#X}} … {{/X}}
    {{#if X}} … {{else}} … {{/if}} ->  {{#if:X}} … {{/if:X}}{{^if:X}} … {{/if:X}}
    {{#unless X}} … {{/unless}}   ->  {{^if:X}} … {{/if:X}}
    {{合并}}                       ->  (removed: docxtemplater has no vMerge)
    {{@序号}}                      ->  {{$序号}} ("@" means raw XML to docxtemplater)

The tags of the bundled templates are each in one w:t, so a regular
expression over the XML text is enough here."""
import re
import sys
import zipfile

src, dst = sys.argv[1], sys.argv[2]
TAG = re.compile(r"\{\{(.*?)\}\}")


def rewrite(xml):
    stack = []

    def sub(m):
        t = m.group(1).strip()
        t = t.replace("@", "$")
        if t.startswith("#each "):
            x = t[6:].strip(); stack.append(("each", x)); return "{{#%s}}" % x
        # conditions are marked "if:" so that the parser returns a boolean
        # (docxtemplater would loop a section over a list value)
        if t.startswith("#if not "):
            x = "if:" + t[8:].strip(); stack.append(("if", x)); return "{{^%s}}" % x
        if t.startswith("#if "):
            x = "if:" + t[4:].strip(); stack.append(("if", x)); return "{{#%s}}" % x
        if t.startswith("#unless "):
            x = "if:" + t[8:].strip(); stack.append(("if", x)); return "{{^%s}}" % x
        if t == "else":
            x = stack[-1][1]; return "{{/%s}}{{^%s}}" % (x, x)
        if t in ("/each", "/if", "/unless"):
            return "{{/%s}}" % stack.pop()[1]
        if t in ("合并", "vmerge"):
            return ""
        # "@" starts a raw-XML tag in docxtemplater: special names use "$"
        return "{{%s}}" % re.sub(r"@", "$", m.group(1)) if "@" in m.group(1) else m.group(0)
    return TAG.sub(sub, xml)


with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename.startswith("word/") and info.filename.endswith(".xml"):
            data = rewrite(data.decode("utf-8")).encode("utf-8")
        zout.writestr(info, data)
