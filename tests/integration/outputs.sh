#!/usr/bin/env bash
# Where outputs may go and how a unit's outputs are replaced: a destination that is not a regular
# file (FIFO, a symlink to /dev/null) or that is one of the inputs is refused before anything is
# written; on a full disk (a file size limit) a batch unit's DOCX, PDF and check report stay the old
# ones, all three; a commit journal left by a kill is finished by the next run; colliding output
# names fail on every run; a 单位名称 too long for a file name fails `jixiao check`; outputs of a
# deleted unit are reported (and removed only with --prune); the batch figures and change lines.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { fail=$((fail+1)); echo "FAIL: $*"; }
sums() { (cd "$1" && sha256sum -- *.docx *.pdf *.check.txt 2>/dev/null); }

cd "$tmp" || exit 1
mkdir in
cp "$src/samples/example-minimal.yaml" "$src/samples/lushan-2023.yaml" in/
"$bin" build in/example-minimal.yaml -o b >/dev/null 2>&1 || no "build of the example"
docx="b/青石县民政局-2024.docx"

# --- 1. destinations that are not regular files, outputs that are inputs ---
mkfifo fifo
err=$(timeout 30 "$bin" render "$docx" -o fifo 2>&1 >/dev/null); st=$?
[ $st = 2 ] && [ -p fifo ] && ok || no "render -o FIFO: exit $st, fifo $(stat -c %F fifo)"
grep -qxF "jixiao render: fifo is a FIFO, not a regular file; outputs are written only to regular files or to new names in an existing directory. Choose another output path." <<<"$err" && ok || no "FIFO message: $err"

ln -s /dev/null null
err=$("$bin" render "$docx" -o null 2>&1 >/dev/null); st=$?
[ $st = 2 ] && [ -L null ] && [ -c /dev/null ] && ok || no "render -o symlink to /dev/null: exit $st"
grep -qxF "jixiao render: null is a device, not a regular file; outputs are written only to regular files or to new names in an existing directory. Choose another output path." <<<"$err" && ok || no "/dev/null message: $err"

cp "$docx" x.docx; ln x.docx hard.docx; ln -s x.docx soft.docx
before=$(sha256sum < x.docx)
for o in x.docx hard.docx soft.docx; do
  err=$("$bin" render x.docx -o $o 2>&1 >/dev/null); st=$?
  [ $st = 2 ] && ok || no "render -o $o (the input): exit $st"
  grep -qxF "jixiao render: the output $o is the input x.docx itself; writing it would destroy the input. Choose another output path." <<<"$err" && ok || no "render -o $o message: $err"
done
[ "$before" = "$(sha256sum < x.docx)" ] && [ -L soft.docx ] && ok || no "the input of render changed"

# build: an output name that is (a symlink to) the data file or the template
mkdir bo; ln -s "$tmp/in/example-minimal.yaml" "bo/青石县民政局-2024.pdf"
before=$(sha256sum < in/example-minimal.yaml)
err=$("$bin" build in/example-minimal.yaml -o bo 2>&1 >/dev/null); st=$?
[ $st = 1 ] && ok || no "build over its data file: exit $st"
grep -qF "bo/青石县民政局-2024.pdf: fatal: The output bo/青石县民政局-2024.pdf is the input in/example-minimal.yaml itself; writing it would destroy the input. Choose another output directory, or move the input out of it. [io]" <<<"$err" && ok || no "build over its data file: $err"
[ "$before" = "$(sha256sum < in/example-minimal.yaml)" ] && [ ! -e "bo/青石县民政局-2024.docx" ] && ok || no "build wrote something"
cp "$src/templates/report.docx" t.docx; mkdir bt; ln t.docx "bt/青石县民政局-2024.docx"
before=$(sha256sum < t.docx)
err=$("$bin" build in/example-minimal.yaml -t t.docx -o bt 2>&1 >/dev/null); st=$?
[ $st = 1 ] && grep -qF "The output bt/青石县民政局-2024.docx is the input t.docx itself" <<<"$err" && [ "$before" = "$(sha256sum < t.docx)" ] && ok || no "build over its template: exit $st: $err"
mkdir bn; ln -s /dev/null "bn/青石县民政局-2024.docx"
err=$("$bin" build in/example-minimal.yaml -o bn 2>&1 >/dev/null); st=$?
[ $st = 1 ] && [ -L "bn/青石县民政局-2024.docx" ] && grep -qF "bn/青石县民政局-2024.docx is a device, not a regular file;" <<<"$err" && ok || no "build -o onto /dev/null: exit $st: $err"

# batch: one unit's output name is a FIFO; it fails alone, the FIFO stays
mkdir bf; mkfifo "bf/庐山市民政局-2023.check.txt"
res=$(timeout 60 "$bin" batch in -o bf 2>/dev/null); st=$?
[ $st = 1 ] && [ -p "bf/庐山市民政局-2023.check.txt" ] && [ -f "bf/青石县民政局-2024.pdf" ] && [ ! -e "bf/庐山市民政局-2023.docx" ] && ok || no "batch onto a FIFO: exit $st: $res"
grep -qxF "  failed lushan-2023.yaml: bf/庐山市民政局-2023.check.txt: fatal: bf/庐山市民政局-2023.check.txt is a FIFO, not a regular file; outputs are written only to regular files or to new names in an existing directory. Choose another output path. [io]" <<<"$res" && ok || no "batch FIFO message: $res"

# --- 2. batch on a full disk: all three outputs old, the unit failed with the reason ---
"$bin" batch in -o out -j 1 >/dev/null 2>&1 || no "first batch"
old=$(sums out)
sed -i 's/年初预算数: 3228.08/年初预算数: 3300/' in/lushan-2023.yaml
# 200 KB: the DOCX (14 KB) and the small state files fit, the PDF (800 KB) does not.
res=$( (ulimit -f 200; trap '' XFSZ; exec "$bin" batch in -o out -j 1 2>/dev/null) ); st=$?
[ $st = 1 ] && ok || no "full-disk batch exit $st: $res"
grep -qF "failed lushan-2023.yaml: out/庐山市民政局-2023.pdf: fatal: Cannot write out/庐山市民政局-2023.pdf: File too large. The previous version, if any, is unchanged. None of the unit's outputs were replaced. [io]" <<<"$res" && ok || no "full-disk reason: $res"
[ "$old" = "$(sums out)" ] && ok || no "a unit's outputs changed on a full disk: $(diff <(echo "$old") <(sums out))"
[ -z "$(ls -A out | grep '\.tmp\.')" ] && ok || no "temporary files left: $(ls -A out)"
res=$("$bin" batch in -o out -j 1 2>/dev/null); st=$?
[ $st = 0 ] && grep -q '^built 1, unchanged 1, failed 0' <<<"$res" && ok || no "the run after the full disk: $res"
# the change line, without --changes
grep -qxF "  changed 庐山市民政局-2023: 预算执行.年初预算数 3228.08万元→3300万元" <<<"$res" && ok || no "change line: $res"

# A commit journal left by a run killed between its renames is finished by the next run.
printf 'new\n' > "out/zz-kept.check.txt.tmp.AAAAAA"
printf 'jixiao-commit 1\0zz-kept.check.txt.tmp.AAAAAA\0zz-kept.check.txt\0' > out/.jixiao/state/0000000000000000.commit
"$bin" batch in -o out >/dev/null 2>&1
[ "$(cat out/zz-kept.check.txt 2>/dev/null)" = new ] && [ ! -e out/.jixiao/state/0000000000000000.commit ] && ok || no "journal not replayed: $(ls -A out out/.jixiao/state)"
rm -f out/zz-kept.check.txt
# Without a journal, temporary files are an uncommitted unit's: removed.
printf 'half\n' > "out/青石县民政局-2024.pdf.tmp.BBBBBB"
"$bin" batch in -o out >/dev/null 2>&1
[ ! -e "out/青石县民政局-2024.pdf.tmp.BBBBBB" ] && ok || no "uncommitted temporary file kept"

# Shards sharing OUT: a run settles only its own units' leftovers, not those of a shard running now.
python3 "$src/bench/gen_units.py" 6 sh >/dev/null
mkdir shout
for f in sh/*.yaml; do
  b=$(sed -n 's/^单位名称: //p' "$f")-$(sed -n 's/^年度: //p' "$f")
  printf 'x' > "shout/$b.docx.tmp.ZZZZZZ"
done
res=$("$bin" batch sh -o shout --shard 1/2 --no-pdf 2>/dev/null)
nb=$(sed -n 's/^built \([0-9]*\),.*/\1/p' <<<"$res")
left=$(ls -A shout | grep -c '\.tmp\.')
[ -n "$nb" ] && [ "$nb" -gt 0 ] && [ "$left" = $((6 - nb)) ] && ok || no "shard cleaned other shards' temporary files: built $nb, left $left: $(ls -A shout)"
"$bin" batch sh -o shout --shard 2/2 --no-pdf >/dev/null 2>&1
[ "$(ls -A shout | grep -c '\.tmp\.')" = 0 ] && ok || no "the other shard left its temporary files: $(ls -A shout)"

# --- 5. a deleted unit's outputs: reported, kept; removed only with --prune ---
mv in/example-minimal.yaml keep.yaml
res=$("$bin" batch in -o out 2>/dev/null); st=$?
[ $st = 0 ] && ok || no "batch after a deletion: exit $st"
grep -qxF "  stale out/青石县民政局-2024.*: these outputs are of example-minimal.yaml, which is no longer in the input; they were not removed. Delete them, or run again with --prune to remove them." <<<"$res" && ok || no "stale line: $res"
[ -f "out/青石县民政局-2024.pdf" ] && ok || no "stale outputs removed without --prune"
res=$("$bin" batch in -o out --prune 2>/dev/null)
grep -qxF "  removed out/青石县民政局-2024.*: the outputs of example-minimal.yaml, which is no longer in the input (--prune)." <<<"$res" && [ ! -e "out/青石县民政局-2024.pdf" ] && [ ! -e "out/青石县民政局-2024.docx" ] && [ ! -e "out/青石县民政局-2024.check.txt" ] && [ -f "out/庐山市民政局-2023.pdf" ] && ok || no "--prune: $res / $(ls out)"
res=$("$bin" batch in -o out 2>/dev/null)
! grep -q 'stale\|removed' <<<"$res" && ok || no "stale reported again after --prune: $res"
# A renamed data file is not a deleted unit.
mv in/lushan-2023.yaml in/lushan-renamed.yaml
res=$("$bin" batch in -o out 2>/dev/null)
! grep -q 'stale' <<<"$res" && [ -f "out/庐山市民政局-2023.pdf" ] && ok || no "a renamed data file reported stale: $res"
mv keep.yaml in/example-minimal.yaml

# --- 3. colliding output names: an error naming both, on every run ---
mkdir col
sed 's/^单位名称: .*/单位名称: "a\/b"/' in/example-minimal.yaml > col/u1.yaml
sed 's/^单位名称: .*/单位名称: "a\\\\b"/' in/example-minimal.yaml > col/u2.yaml
sed 's/^单位名称: .*/单位名称: "a\\tb"/' in/example-minimal.yaml > col/u3.yaml
for run in 1 2; do
  res=$("$bin" batch col -o cout --no-pdf 2>/dev/null); st=$?
  [ $st = 1 ] && grep -q '^built 0, unchanged 0, failed 3' <<<"$res" && ok || no "collision run $run: exit $st: $res"
  grep -qxF "  failed u1.yaml: its outputs would be named a_b-2024.*, as those of u2.yaml (the same 单位名称 and 年度, or names that are equal once characters a file name cannot hold are replaced by _); neither is built. Correct the 单位名称 or 年度 of one of them." <<<"$res" && ok || no "collision u1 run $run: $res"
  grep -qF "  failed u2.yaml: its outputs would be named a_b-2024.*, as those of u1.yaml" <<<"$res" && grep -qF "  failed u3.yaml: its outputs would be named a_b-2024.*, as those of u1.yaml" <<<"$res" && ok || no "collision u2/u3 run $run: $res"
  [ -z "$(ls cout 2>/dev/null)" ] && ok || no "colliding units built: $(ls cout)"
done
# Once corrected, the unit builds; a new unit colliding with a built, unchanged one fails with it.
rm col/u2.yaml col/u3.yaml
res=$("$bin" batch col -o cout --no-pdf 2>/dev/null); st=$?
[ $st = 0 ] && grep -q '^built 1,' <<<"$res" && ok || no "after the correction: $res"
before=$(sums cout)
cp col/u1.yaml col/u0.yaml
for run in 1 2; do
  res=$("$bin" batch col -o cout --no-pdf 2>/dev/null); st=$?
  [ $st = 1 ] && grep -q '^built 0, unchanged 0, failed 2' <<<"$res" && grep -qF "  failed u0.yaml: its outputs would be named a_b-2024.*, as those of u1.yaml" <<<"$res" && grep -qF "  failed u1.yaml: its outputs would be named a_b-2024.*, as those of u0.yaml" <<<"$res" && ok || no "new unit colliding with a built one, run $run: $res"
done
[ "$before" = "$(sums cout)" ] && ok || no "a collision changed the built unit's outputs"

# --- 4. a 单位名称 too long for a file name ---
long=$(python3 -c 'print("很"*80)')     # 240 bytes, + "-2024.changes.txt" > 255
sed "s/^单位名称: .*/单位名称: $long/" in/example-minimal.yaml > long.yaml
res=$("$bin" check long.yaml 2>/dev/null); st=$?
[ $st = 1 ] && ok || no "check of a too long name: exit $st"
grep -qxF "long.yaml:3:7: error: 单位名称 is too long to be a file name: the output $long-2024.changes.txt would be 257 bytes, more than the 255 bytes a file name may have. Shorten 单位名称 to at most 238 bytes in UTF-8 (79 Chinese characters). [name-too-long]" <<<"$res" && ok || no "check message: $res"
err=$("$bin" build long.yaml -o lo 2>&1 >/dev/null); st=$?
[ $st = 1 ] && grep -qF "[name-too-long]" <<<"$err" && [ -z "$(ls lo 2>/dev/null)" ] && ok || no "build of a too long name: exit $st: $err"
mkdir lin; cp long.yaml lin/
res=$("$bin" batch lin -o lout 2>/dev/null); st=$?
[ $st = 1 ] && grep -qF "failed long.yaml: lin/long.yaml:3:7: error: 单位名称 is too long to be a file name" <<<"$res" && ok || no "batch of a too long name: $res"
short=$(python3 -c 'print("很"*79)')
sed "s/^单位名称: .*/单位名称: $short/" in/example-minimal.yaml > short.yaml
"$bin" check short.yaml >/dev/null 2>&1 && ok || no "79 characters refused"

# --- the batch figures: the average of the same units as the maximum ---
res=$("$bin" batch in -o fig --force 2>/dev/null)
python3 - "$res" <<'PY' && ok || no "batch figures: $res"
import re, sys
m = re.search(r'(\d+) ms per unit on average \(longest (\d+) ms\)', sys.argv[1])
sys.exit(0 if m and int(m.group(1)) <= int(m.group(2)) else 1)
PY
# failed units count in the average too (they were measured): average still <= maximum
printf '单位名称: 坏\n年度: 二〇二四\n' > in/zz-bad.yaml
res=$("$bin" batch in -o fig --force 2>/dev/null)
python3 - "$res" <<'PY' && ok || no "batch figures with a failed unit: $res"
import re, sys
m = re.search(r'(\d+) ms per unit on average \(longest (\d+) ms\)', sys.argv[1])
sys.exit(0 if m and int(m.group(1)) <= int(m.group(2)) else 1)
PY
rm in/zz-bad.yaml
# a changed text: the differing span marked with a little context
python3 - in/example-minimal.yaml <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding='utf-8').read()
s = s.replace('负责全县社会救助、养老服务', '负责全县社会救助、养老与儿童服务', 1)
open(p, 'w', encoding='utf-8').write(s)
PY
res=$("$bin" batch in -o fig 2>/dev/null)
grep -qxF "  changed 青石县民政局-2024: 单位概况.职责[1] …会救助、养老【→与儿童】服务、儿童福…" <<<"$res" && ok || no "text change line: $res"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
