#!/bin/sh
# Zip the XML sources of a template (templates/src/<name>/) into
# templates/<name>.docx, reproducibly: [Content_Types].xml first, the other
# parts sorted by name, every entry deflated with the time 1980-01-01 00:00,
# so the same sources always give the same bytes.
#
#   tools/pack-template.sh            # every folder under templates/src
#   tools/pack-template.sh report     # one template
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
names=${*:-$(ls "$root/templates/src")}
for name in $names; do
    python3 - "$root/templates/src/$name" "$root/templates/$name.docx" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
parts = []
for base, _, files in os.walk(src):
    for f in files:
        full = os.path.join(base, f)
        parts.append(os.path.relpath(full, src).replace(os.sep, "/"))
parts.sort(key=lambda p: (p != "[Content_Types].xml", p))
tmp = dst + ".tmp"
with zipfile.ZipFile(tmp, "w") as z:
    for p in parts:
        info = zipfile.ZipInfo(p, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o100644 << 16
        info.create_system = 3
        with open(os.path.join(src, p), "rb") as fh:
            z.writestr(info, fh.read(), compresslevel=6)
os.replace(tmp, dst)
print(dst)
PY
done
