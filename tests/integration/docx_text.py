#!/usr/bin/env python3
"""Print the text of a DOCX's main document, one paragraph per line
(empty paragraphs skipped), for comparing two fills of a template."""
import re
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as z:
    xml = z.read("word/document.xml").decode("utf-8")
for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p))
    if text.strip():
        print(text)
