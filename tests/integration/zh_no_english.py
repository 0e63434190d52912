#!/usr/bin/env python3
"""Reads the program's output (Chinese, the default language) on stdin and fails on any English
word that is not one of: a file name or path, an option (-o, --format), a command name, a code in
brackets ([D3], [TEXT.repeat]), quoted data (“…”, "…", 《…》), or an allowed technical name (format,
library and font names that are written in Latin letters in Chinese text too)."""
import re, sys

ALLOW = set("""
jixiao check build fields render batch diff version help text json init convert
YAML UTF DOCX PDF XML JSON WPS Word Excel XLSX XLS xlsx xls zip CRC zlib RSS PSS MB pango XX YYYY MM DD min
docx pdf yaml yml txt check changes xml N I j o t
JIXIAO_TEMPLATES each if unless index
Content_Types DOCTYPE Tab
""".split())

def strip(line):
    line = re.sub(r'“[^”]*”', ' ', line)
    line = re.sub(r'"[^"]*"', ' ', line)
    line = re.sub(r'《[^》]*》', ' ', line)
    line = re.sub(r'\[[A-Za-z0-9_.-]+\]', ' ', line)          # codes
    line = re.sub(r'\{\{[^}]*\}\}', ' ', line)                # template tags
    line = re.sub(r'(?<![\w])--?[A-Za-z][\w-]*', ' ', line)   # options
    line = re.sub(r'\S*/\S*', ' ', line)                     # paths (anything with a slash)
    line = re.sub(r'\S+\.(yaml|yml|docx|pdf|zip|json|txt|xml|rels|xlsx|xls)\b', ' ', line)
    line = re.sub(r'\$[A-Z_]+', ' ', line)                    # environment variables
    line = re.sub(r'U\+[0-9A-F]{4,6}', ' ', line)
    line = re.sub(r'[&*][A-Za-z]\w*', ' ', line)            # YAML anchor and alias names (data)
    line = re.sub(r'0x[0-9A-Fa-f]+', ' ', line)
    line = re.sub(r'\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}', ' ', line)  # escapes as written in the data
    line = re.sub(r'\bw:[A-Za-z]+|\bwp:[A-Za-z]+', ' ', line) # WordprocessingML element names
    line = re.sub(r'\b[A-Za-z]+\.[A-Za-z.]+\b', ' ', line)   # dotted names (word.document)
    return line

bad = []
for raw in sys.stdin:
    raw = raw.rstrip('\n')
    for w in re.findall(r'[A-Za-z][A-Za-z_]+', strip(raw)):
        if w not in ALLOW:
            bad.append((w, raw))
            break
for w, line in bad:
    print(f'English word "{w}" in: {line}')
sys.exit(1 if bad else 0)
