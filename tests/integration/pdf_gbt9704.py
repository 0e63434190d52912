#!/usr/bin/env python3
"""Checks a PDF against the faces and page numbers of GB/T 9704.

    python3 pdf_gbt9704.py FILE.pdf FILE.docx [--fang REGEX] [--quiet]

Faces (from `pdftohtml -xml`, which names the embedded font of every text
piece): the 3号 (16 pt) body text must be set mostly in a 仿宋 face (FandolFang
or a real FangSong: --fang, a regular expression on the PostScript name), the
一级 headings "一、…" in a 黑体 face and the 二级 headings "（一）…" in a 楷体
face.

Page numbers (from `pdftotext -bbox`): the lowest line of every page reads
"— N —" with N the page's number, and sits at the right of the text block on
odd pages and at its left on even pages, one 3号 character (16 pt) in from
the edge.  The text block is taken from the DOCX's section margins.

Prints one line per failure and exits 1 if there was any.
"""
import argparse
import collections
import html
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEI = r"FandolHei|SimHei|Hei"
KAI = r"FandolKai|KaiTi|Kai"
TOL = 1.5   # points: glyph side bearings of the dashes
ZOOM = 1.5  # pdftohtml's default scale: its sizes are 1.5 x the PDF's points


def margins(docx):
    with zipfile.ZipFile(docx) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    sects = root.iter(W + "sectPr")
    out = []
    for sp in sects:
        pg, mar = sp.find(W + "pgSz"), sp.find(W + "pgMar")
        out.append((int(pg.get(W + "w")) / 20, int(mar.get(W + "left")) / 20 + int(mar.get(W + "gutter", "0")) / 20,
                    int(mar.get(W + "right")) / 20))
    if len(set(out)) != 1:
        sys.exit(f"{docx}: expected one page set-up, found {sorted(set(out))}")
    return out[0]


def faces(pdf):
    """(font name, size, text) of every text piece."""
    x = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", pdf], capture_output=True, check=True).stdout
    x = x.decode("utf-8", "replace")
    fonts = {m.group(1): (m.group(3), float(m.group(2)))
             for m in re.finditer(r'<fontspec id="(\d+)" size="([\d.]+)" family="([^"]*)"', x)}
    out = []
    for m in re.finditer(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', x, re.S):
        name, size = fonts[m.group(1)]
        text = html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
        out.append((re.sub(r"^[A-Z]{6}\+", "", name), size, text))
    return out


def page_words(pdf):
    x = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, check=True).stdout.decode()
    pages = []
    for pm in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', x, re.S):
        words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                             pm.group(3))]
        pages.append((float(pm.group(1)), words))
    return pages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("docx")
    ap.add_argument("--fang", default=r"FandolFang|FangSong")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    errors = []

    # faces: characters of 16 pt text per font
    body = collections.Counter()
    heads = []
    for name, size, text in faces(a.pdf):
        t = text.strip()
        if abs(size / ZOOM - 16) > 0.7:   # 3号 only: tables and forms are in 宋体
            continue
        if re.match(r"^[一二三四五六七八九十]+、", t):
            heads.append(("一级", HEI, name, t))
        elif re.match(r"^（[一二三四五六七八九十]+）", t):
            heads.append(("二级", KAI, name, t))
        elif t and not re.match(r"^[—\d\s]+$", t):
            body[name] += sum(1 for c in t if ord(c) >= 0x2e80)   # Chinese text, not Latin digits
    if not body:
        errors.append("no body text found")
    else:
        face, n = body.most_common(1)[0]
        total = sum(body.values())
        if not re.search(a.fang, face):
            errors.append(f"body text is set mostly in {face} ({n} of {total} characters), not a 仿宋 face")
        elif not a.quiet:
            print(f"body: {face} ({n} of {total} characters)")
    for level, want, name, t in heads:
        # a heading line may continue in the body face (pdftohtml splits pieces by font)
        if not re.search(want, name) and not re.search(a.fang, name):
            errors.append(f"{level} heading “{t[:12]}” is set in {name}")
    for level, want in (("一级", HEI), ("二级", KAI)):
        hs = [h for h in heads if h[0] == level]
        if hs and not any(re.search(want, h[2]) for h in hs):
            errors.append(f"no {level} heading is set in a {want} face")

    # page numbers
    width, left, right = margins(a.docx)
    for i, (pw, words) in enumerate(page_words(a.pdf), start=1):
        if not words:
            errors.append(f"page {i}: no text")
            continue
        ymax = max(w[3] for w in words)
        last = sorted((w for w in words if abs(w[3] - ymax) < 1), key=lambda w: w[0])
        text = " ".join(w[4] for w in last)
        if text != f"— {i} —":
            errors.append(f"page {i}: the lowest line reads “{text}”, not “— {i} —”")
            continue
        x0, x1 = last[0][0], last[-1][2]
        block_l, block_r = left, pw - right
        if i % 2:
            ok = abs(x1 - (block_r - 16)) <= TOL
            where = f"ends at {x1:.1f}, text block right {block_r:.1f} - 16"
        else:
            ok = abs(x0 - (block_l + 16)) <= TOL
            where = f"starts at {x0:.1f}, text block left {block_l:.1f} + 16"
        if not ok:
            errors.append(f"page {i} ({'odd' if i % 2 else 'even'}): the page number {where}")
    for e in errors:
        print(f"{a.pdf}: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
