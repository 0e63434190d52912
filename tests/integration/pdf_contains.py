#!/usr/bin/env python3
"""pdf_contains.py PDF < strings: check that the text of PDF (pdftotext,
whitespace removed) contains every line of stdin; print the missing ones
and exit 1 if any.

LibreOffice exports the Noto CJK faces (CFF in a .ttc) with a ToUnicode map
that misses glyphs shared by several code points, so pdftotext gives U+FFFD
for some characters (局, 、, 。 …).  A CJK character of an expected string
may therefore match U+FFFD, as long as at most a third of the string's
characters are replaced; digits, Latin letters and the layout stay exact."""
import re
import subprocess
import sys

text = subprocess.run(["pdftotext", sys.argv[1], "-"], capture_output=True, check=True).stdout.decode("utf-8", "replace")
text = re.sub(r"[\s\u3000]+", "", text)
missing = []
for want in (line.strip() for line in sys.stdin):
    if not want:
        continue
    want = re.sub(r"[\s\u3000]+", "", want)
    pat = "".join(re.escape(c) if ord(c) < 0x2000 else "(?:%s|\ufffd)" % re.escape(c) for c in want)
    ok = False
    for m in re.finditer(pat, text):
        if m.group(0).count("\ufffd") * 3 <= len(want):
            ok = True
            break
    if not ok:
        missing.append(want)
for m in missing:
    print("missing: %s" % m)
sys.exit(1 if missing else 0)
