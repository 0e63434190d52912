#!/usr/bin/env bash
# GB/T 9704 faces and page numbers in the PDF of every sample the checker accepts:
#  - the body is set in a 仿宋 face (FandolFang from tools/fetch-fonts.sh, or the real one), the
#    一级 headings in 黑体 and the 二级 in 楷体 (pdftohtml -xml names the face of every text piece);
#  - every page ends with "— N —", at the right of the text block on odd pages and at its left on
#    even pages, one 3号 character in (pdftotext -bbox);
#  - a character FandolSong lacks (墈, in a 宋体 table of shifeng-2023) is drawn from another face,
#    not as a missing-glyph box;
#  - a real 仿宋_GB2312 wins over the stand-in: a copy of Noto Sans CJK that a test configuration
#    (including ours) renames 仿宋_GB2312 when fontconfig scans it must be the body face;
#  - fonts.conf finds the faces in the installed layout too (share/jixiao/fonts.conf + fonts/).
# The Fandol faces are required: tools/jx deps fetches them before the tests run.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL $*"; }
check() { python3 "$src/tests/integration/pdf_gbt9704.py" "$@" --quiet; }

for t in pdftohtml pdftotext pdffonts fc-match; do
  command -v $t >/dev/null || { echo "$t missing: skipped"; exit 77; }
done
if [ ! -s "$src/fonts/FandolFang-Regular.otf" ]; then
  echo "FAIL fonts/FandolFang-Regular.otf is missing: run tools/fetch-fonts.sh (tools/jx deps does)"; exit 1
fi

for f in "$src"/samples/*.yaml; do
  name=$(basename "$f" .yaml)
  "$bin" check "$f" >/dev/null 2>&1 || continue
  out="$tmp/$name"
  if ! "$bin" build "$f" -o "$out" >"$out.list" 2>"$out.err"; then bad "$name: build failed"; continue; fi
  docx=$(head -1 "$out.list"); pdf=${docx%.docx}.pdf
  if check "$pdf" "$docx"; then ok; else bad "$name: faces or page numbers"; fi
  if [ "$name" = shifeng-2023 ]; then
    # the one character of the samples the Fandol faces lack
    if pdftotext "$pdf" - | grep -q 墈; then ok; else bad "$name: 墈 is not in the PDF's text (a missing glyph?)"; fi
    face=$(pdftohtml -xml -i -stdout -q "$pdf" | python3 -c '
import re, sys
x = sys.stdin.read()
fonts = dict(re.findall(r"<fontspec id=\"(\d+)\" size=\"[\d.]+\" family=\"([^\"]*)\"", x))
print(" ".join(sorted({fonts[i] for i, t in re.findall(r"<text [^>]*font=\"(\d+)\"[^>]*>([^<]*)</text>", x) if "墈" in t})))')
    case $face in
      *Fandol*|"") bad "$name: 墈 drawn in “$face”, which lacks it" ;;
      *) ok ;;
    esac
  fi
done
[ $pass -gt 0 ] || bad "no sample was built"

# A "real" 仿宋_GB2312 must win over FandolFang.
noto=$(fc-match -f '%{file}' 'Noto Sans CJK SC')
if [ -s "$noto" ]; then
  mkdir -p "$tmp/real" "$tmp/cache" "$tmp/realout"
  ln -s "$noto" "$tmp/real/fake-fangsong.ttc"
  cat >"$tmp/test.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>$tmp/cache</cachedir>
  <include>$src/fonts/fonts.conf</include>
  <dir>$tmp/real</dir>
  <match target="scan">
    <test name="file" compare="contains"><string>$tmp/real/</string></test>
    <edit name="family" mode="assign_replace"><string>仿宋_GB2312</string></edit>
  </match>
</fontconfig>
EOF
  if JIXIAO_FONTS_CONF="$tmp/test.conf" "$bin" build "$src/samples/example-minimal.yaml" -o "$tmp/realout" \
       >"$tmp/realout.list" 2>"$tmp/realout.err"; then
    docx=$(head -1 "$tmp/realout.list")
    if check "${docx%.docx}.pdf" "$docx" --fang 'NotoSansCJK'; then ok; else bad "the installed 仿宋_GB2312 did not win"; fi
    if grep -q '仿宋_GB2312' "$tmp/realout.err"; then bad "a substitute is reported for the installed 仿宋_GB2312"; else ok; fi
  else
    bad "build with the test font configuration failed"; head "$tmp/realout.err"
  fi
fi
# The installed layout (share/jixiao/fonts.conf, the faces in share/jixiao/fonts/) finds the faces
# through the configuration's relative <dir>, without the source tree.
inst="$tmp/inst/share/jixiao"
mkdir -p "$inst/fonts" "$tmp/inst-cache" "$tmp/instout"
sed "s|<fontconfig>|<fontconfig><cachedir>$tmp/inst-cache</cachedir>|" "$src/fonts/fonts.conf" >"$inst/fonts.conf"
for f in "$src"/fonts/*.otf; do ln -s "$f" "$inst/fonts/"; done
if JIXIAO_FONTS_CONF="$inst/fonts.conf" "$bin" build "$src/samples/example-minimal.yaml" -o "$tmp/instout" \
     >"$tmp/instout.list" 2>/dev/null; then
  docx=$(head -1 "$tmp/instout.list")
  if check "${docx%.docx}.pdf" "$docx"; then ok; else bad "the installed layout does not find FandolFang"; fi
else
  bad "build with the installed font configuration failed"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
