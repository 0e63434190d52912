#!/usr/bin/env bash
# `cmake --install`: a copy of the source tree is built, installed to a prefix and deleted; the
# prefix is moved elsewhere; the installed jixiao, run in a bare environment (env -i, LANG=C.UTF-8)
# on the installed examples, writes DOCX and PDF byte-identical to the build tree's binary, with
# `build` and with `batch --shard` on two "machines", and strace shows it never touches the source,
# build or deleted trees.  Also: jixiao version, the overrides, a bare copy of the binary, the man
# pages (Chinese for `man jixiao` under C.UTF-8, English with LANGUAGE=en) and the bash completion.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}; build=${JX_BUILD_DIR:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { fail=$((fail+1)); echo "FAIL: $*"; }
for tool in strace man tar; do
  command -v $tool >/dev/null || { echo "FAIL: $tool is needed (tools/jx deps installs it)"; exit 1; }
done
bare() { env -i PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }

# The copy: every file of the source tree except version control and build directories (any
# directory holding a CMakeCache.txt), untracked font faces in fonts/ included.
mkdir "$tmp/clone"
tar -C "$src" --exclude-vcs --exclude-tag-all=CMakeCache.txt --exclude=./out --exclude=./bench \
    --exclude='*.tmp.*' -cf - . | tar -C "$tmp/clone" -xf - || { echo "FAIL: copying the source tree"; exit 1; }
type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
if ! cmake -S "$tmp/clone" -B "$tmp/clone/build" -DJX_TESTS=OFF -DCMAKE_BUILD_TYPE="${type:-RelWithDebInfo}" \
      >"$tmp/log" 2>&1 || ! cmake --build "$tmp/clone/build" -j2 >>"$tmp/log" 2>&1 \
   || ! cmake --install "$tmp/clone/build" --prefix "$tmp/first" >>"$tmp/log" 2>&1; then
  tail -30 "$tmp/log"; echo "FAIL: building and installing the copy"; exit 1
fi
rm -rf "$tmp/clone"
mkdir "$tmp/elsewhere"; mv "$tmp/first" "$tmp/elsewhere/jixiao"
p=$tmp/elsewhere/jixiao; jx=$p/bin/jixiao

# The files, where GNUInstallDirs puts them.
for f in bin/jixiao share/jixiao/templates/report.docx share/jixiao/templates/form.docx \
         share/jixiao/fonts/fonts.conf share/locale/zh_CN/LC_MESSAGES/jixiao.mo \
         share/doc/jixiao/使用手册.md share/doc/jixiao/README.md share/man/man1/jixiao.1 \
         share/man/man1/jixiao.en.1 share/man/en/man1/jixiao.1 share/bash-completion/completions/jixiao; do
  [ -f "$p/$f" ] && ok || no "not installed: $f"
done
for f in "$src"/samples/*.yaml; do [ -f "$p/share/doc/jixiao/examples/${f##*/}" ] && ok || no "example ${f##*/} not installed"; done
for f in "$src"/fonts/*.otf "$src"/fonts/*.ttf; do
  [ -e "$f" ] || continue
  cmp -s "$f" "$p/share/jixiao/fonts/${f##*/}" && ok || no "font face ${f##*/} not installed beside fonts.conf"
done
if [ -d "$src/rules" ]; then [ -d "$p/share/jixiao/rules" ] && ok || no "rules/ not installed"; fi
cmp -s "$p/share/locale/zh_CN/LC_MESSAGES/jixiao.mo" "$build/po/zh_CN.mo" && ok || no "installed catalog differs from the embedded one"
# Only the binary may name its build tree (a binary run from there uses the source tree's data).
named=$(grep -rls -- "$tmp/clone" "$p" | grep -vx "$p/bin/jixiao")
[ -z "$named" ] && ok || no "installed files name the deleted build tree: $named"

# Every sample: the installed binary (data from its moved prefix) against the build tree's binary.
examples=("$p"/share/doc/jixiao/examples/*.yaml)
"$bin" build "$src"/samples/*.yaml -o "$tmp/ref" >/dev/null 2>&1
n=$(ls "$tmp/ref"/*.pdf 2>/dev/null | wc -l)
[ "$n" -ge 4 ] && ok || no "reference build wrote $n PDFs"
bare strace -f -qq -e trace=%file -o "$tmp/trace" "$jx" build "${examples[@]}" -o "$tmp/inst" >"$tmp/log" 2>&1
st=$?; [ $st = 0 ] || [ $st = 1 ] && ok || no "installed build exit $st: $(tail -3 "$tmp/log")"
same() {  # same REFDIR DIR: the same DOCX and PDF files, byte for byte
  local a=$1 b=$2 f k=0
  for f in "$a"/*.docx "$a"/*.pdf; do
    k=$((k+1)); cmp -s "$f" "$b/${f##*/}" || { echo "differs: ${f##*/}"; return 1; }
  done
  [ "$(ls "$b"/*.docx "$b"/*.pdf | wc -l)" = "$k" ] || { echo "file sets differ: $(ls "$b")"; return 1; }
}
r=$(same "$tmp/ref" "$tmp/inst") && ok || no "installed build: $r"
for d in "$tmp/clone" "$src" "$build"; do
  hits=$(grep -F -- "\"$d" "$tmp/trace" | head -3)
  [ -z "$hits" ] && ok || no "the installed binary looked into $d: $hits"
done
grep -qF "\"$p/share/jixiao/templates/report.docx\"" "$tmp/trace" && ok || no "installed templates not read"
grep -qF "\"$p/share/jixiao/fonts/fonts.conf\"" "$tmp/trace" && ok || no "installed fonts.conf not read"

# batch across two machines with the same installation: the shards are disjoint and together
# give the same files as the build tree (batch writes .check.txt too).
bare "$jx" batch "$p/share/doc/jixiao/examples" -o "$tmp/m1" -j 2 --shard 1/2 >/dev/null 2>&1
bare "$jx" batch "$p/share/doc/jixiao/examples" -o "$tmp/m2" -j 2 --shard 2/2 >/dev/null 2>&1
mkdir "$tmp/both"; cp "$tmp"/m1/*.docx "$tmp"/m1/*.pdf "$tmp"/m2/*.docx "$tmp"/m2/*.pdf "$tmp/both/" 2>/dev/null
[ $(( $(ls "$tmp"/m1/*.pdf | wc -l) + $(ls "$tmp"/m2/*.pdf | wc -l) )) = "$n" ] && ok || no "shards overlap or miss units"
r=$(same "$tmp/ref" "$tmp/both") && ok || no "batch --shard: $r"

# jixiao version: where each item comes from.
v=$(bare env LANGUAGE=en "$jx" version)
grep -qxF "templates: $p/share/jixiao/templates (installed)" <<<"$v" && ok || no "version: $v"
grep -qxF "font configuration: $p/share/jixiao/fonts/fonts.conf (installed)" <<<"$v" && ok || no "version: $v"
v=$(bare env LANGUAGE=en JIXIAO_TEMPLATES="$tmp/tpl" "$jx" version)
grep -qxF "templates: $tmp/tpl (environment variable JIXIAO_TEMPLATES)" <<<"$v" && ok || no "version with override: $v"
v=$(LANGUAGE=en "$bin" version)
grep -qxF "templates: $src/templates (source tree)" <<<"$v" && ok || no "build tree version: $v"

# A bare copy of the binary has no data: it says so instead of reading the source tree; the
# environment variables make it work, with the same outputs.
mkdir "$tmp/copy"; cp "$bin" "$tmp/copy/jixiao"
bare env LANGUAGE=en "$tmp/copy/jixiao" build "$src/samples/longhui-2024.yaml" -o "$tmp/c1" >"$tmp/log" 2>&1
st=$?; [ $st != 0 ] && grep -q 'set JIXIAO_TEMPLATES' "$tmp/log" && ok || no "bare copy: exit $st: $(cat "$tmp/log")"
grep -qF "$src" "$tmp/log" && no "bare copy mentions the source tree: $(cat "$tmp/log")" || ok
bare env JIXIAO_TEMPLATES="$p/share/jixiao/templates" JIXIAO_FONTS_CONF="$p/share/jixiao/fonts/fonts.conf" \
  "$tmp/copy/jixiao" build "$src"/samples/*.yaml -o "$tmp/c2" >/dev/null 2>&1
r=$(same "$tmp/ref" "$tmp/c2") && ok || no "bare copy with overrides: $r"

# Man pages: Chinese by default (C.UTF-8), English as jixiao.en and under LANG=en_*; both list
# every command of --help with its usage.
m=$p/share/man
[ "$(bare env MANPATH="$m" man -w jixiao)" = "$m/man1/jixiao.1" ] && ok || no "man -w jixiao: $(bare env MANPATH="$m" man -w jixiao 2>&1)"
[ "$(bare env MANPATH="$m" man -w jixiao.en)" = "$m/man1/jixiao.en.1" ] && ok || no "man -w jixiao.en"
# English as the program's: LANGUAGE=en (man-db honours it too), or man -L en.
[ "$(bare env LANGUAGE=en MANPATH="$m" man -w jixiao)" = "$m/en/man1/jixiao.1" ] && ok || no "man -w jixiao under LANGUAGE=en"
[ "$(bare env MANPATH="$m" man -L en -w jixiao)" = "$m/en/man1/jixiao.1" ] && ok || no "man -L en -w jixiao"
zhpage=$(bare env MANPATH="$m" MANWIDTH=80 man jixiao 2>"$tmp/manerr")
enpage=$(bare env MANPATH="$m" MANWIDTH=80 man jixiao.en 2>>"$tmp/manerr")
# troff warns when it cannot break a line: Chinese text needs break points (tools/manpage.py).
[ ! -s "$tmp/manerr" ] && ok || no "man warnings: $(head -3 "$tmp/manerr")"
grep -q '^命令' <<<"$zhpage" && grep -q '^环境变量' <<<"$zhpage" && ok || no "Chinese page: $(head -5 <<<"$zhpage")"
grep -q '^COMMANDS' <<<"$enpage" && ok || no "English page: $(head -5 <<<"$enpage")"
grep -F '\' <<<"$zhpage$enpage" && no "roff escapes shown literally (above)" || ok
for c in $(LANGUAGE=en "$jx" --help | sed -n 's/^  \([a-z][a-z0-9-]*\).*/\1/p'); do
  u=$(LANGUAGE=en "$jx" "$c" --help 2>/dev/null | head -1)
  [[ $u != usage:* ]] || grep -qF -- "$u" <<<"$enpage" && ok || no "English page lacks $c: $u"
  u=$(LANG=C.UTF-8 "$jx" "$c" --help 2>/dev/null | head -1)
  [[ $u != 用法：* ]] || grep -qF -- "$u" <<<"$zhpage" && ok || no "Chinese page lacks $c: $u"
  grep -q "^   $c" <<<"$zhpage" && ok || no "Chinese page has no section for $c"
done

# bash completion from the installed file.
c=$(bash -c 'source "$1"; COMP_WORDS=("$2" b); COMP_CWORD=1; _jixiao; echo "${COMPREPLY[*]}"' _ \
    "$p/share/bash-completion/completions/jixiao" "$jx")
[ "$c" = "build batch" ] && ok || no "completion of 'jixiao b': $c"
c=$(bash -c 'source "$1"; COMP_WORDS=("$2" batch --sh); COMP_CWORD=2; _jixiao; echo "${COMPREPLY[*]}"' _ \
    "$p/share/bash-completion/completions/jixiao" "$jx")
[ "$c" = "--shard" ] && ok || no "completion of 'jixiao batch --sh': $c"

echo "install: $pass passed, $fail failed"
[ $fail = 0 ]
