#!/usr/bin/env python3
"""Which characters of our texts each candidate face lacks.

    python3 tools/font-coverage.py [FAMILY ...]

The texts are every distinct character of samples/*.yaml and of the text of
the bundled templates (templates/*.docx, the w:t of every part).  Each face's
coverage comes from fontconfig (`fc-list --format %{charset}` under
fonts/fonts.conf, so the Fandol faces in fonts/ are seen): the same charset
pango consults when it picks a face per character.  Prints, per face, how
many of the distinct characters it has and the ones it lacks.  Spaces and
control characters are left out (no face draws them).
"""
import glob
import os
import re
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = ["FandolFang", "FandolKai", "AR PL KaitiM GB", "AR PL UKai CN", "FandolSong", "FandolHei",
           "Noto Serif CJK SC", "Noto Sans CJK SC"]


def chars_of(text):
    return {c for c in text if not c.isspace() and ord(c) >= 0x20}


def sample_chars():
    out = set()
    for p in sorted(glob.glob(os.path.join(ROOT, "samples", "*.yaml"))):
        with open(p, encoding="utf-8") as f:
            out |= chars_of(f.read())
    return out


def template_chars():
    out = set()
    for p in sorted(glob.glob(os.path.join(ROOT, "templates", "*.docx"))):
        with zipfile.ZipFile(p) as z:
            for n in z.namelist():
                if n.startswith("word/") and n.endswith(".xml"):
                    xml = z.read(n).decode("utf-8")
                    for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml):
                        out |= chars_of(t.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    return out


def charset(family):
    env = dict(os.environ, FONTCONFIG_FILE=os.path.join(ROOT, "fonts", "fonts.conf"))
    out = subprocess.run(["fc-list", "--format", "%{family[0]}\t%{style[0]}\t%{charset}\n", f":family={family}"],
                         env=env, capture_output=True, text=True, check=True).stdout
    # Regular (or Book) face of the family: the one body text uses.
    best = None
    for line in out.splitlines():
        fam, style, cs = line.split("\t")
        if best is None or style in ("Regular", "Book"):
            best = (style, cs)
    if best is None:
        return None
    have = set()
    for r in best[1].split():
        a, _, b = r.partition("-")
        have.update(range(int(a, 16), int(b or a, 16) + 1))
    return have


def main(argv):
    families = argv[1:] or DEFAULT
    texts = {"samples": sample_chars(), "templates": template_chars()}
    allc = texts["samples"] | texts["templates"]
    print(f"distinct characters: samples {len(texts['samples'])}, templates {len(texts['templates'])}, "
          f"both {len(allc)}")
    for fam in families:
        have = charset(fam)
        if have is None:
            print(f"{fam}: not installed")
            continue
        parts = []
        for name, cs in texts.items():
            parts.append(f"{name} {sum(ord(c) in have for c in cs)}/{len(cs)}")
        missing = "".join(sorted(c for c in allc if ord(c) not in have))
        print(f"{fam}: {', '.join(parts)}; lacks {len(missing)}: {' '.join(missing) if missing else '-'}"
              + (f" ({' '.join(f'U+{ord(c):04X}' for c in missing)})" if 0 < len(missing) <= 12 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
