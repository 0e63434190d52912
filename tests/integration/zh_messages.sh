#!/usr/bin/env bash
# Chinese is the default: on a fresh server's environment (env -i, LANG=C.UTF-8, no zh_CN locale
# needed) every line that check, build, render, fields, diff, batch, --help, an unknown command and
# a missing file print is Chinese (tests/integration/zh_no_english.py says what may stay Latin).
# LANGUAGE=en and LANG=en_US.UTF-8 give English.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
cd "$src"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# The sanitizer builds' options (and valgrind-jixiao.sh's JIXIAO_REAL) pass through the clean environment.
keep=(); for v in ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS JIXIAO_FONTS_CONF JIXIAO_REAL; do [ -n "${!v:-}" ] && keep+=("$v=${!v}"); done
# LeakSanitizer's list of the suppressions it used is the sanitizer's, not the program's.
zh() { env -i PATH="$PATH" LANG=C.UTF-8 HOME="$tmp" "${keep[@]}" "$bin" "$@" 2>&1 |
       grep -Ev '^-{20,}$|^Suppressions used:$|^ +count +bytes +template$|^ +[0-9]+ +[0-9]+ +[^ ]+$'; }
fail=0; pass=0
run() {  # run NAME ARGS... : the Chinese output must have no English words
  local name=$1; shift
  local out; out=$(zh "$@")
  if [ -z "$out" ]; then echo "FAIL $name: no output"; fail=$((fail+1)); return; fi
  if printf '%s\n' "$out" | python3 tests/integration/zh_no_english.py; then pass=$((pass+1)); else echo "FAIL $name"; fail=$((fail+1)); fi
}
run usage
run help --help
for c in check build fields render diff batch; do run "$c --help" "$c" --help; run "$c (no arguments)" "$c"; done
run unknown-command frobnicate
run unknown-option check --frob x.yaml
run missing-file check /nonexistent/data.yaml
run missing-template fields /nonexistent/t.docx
run missing-docx render /nonexistent/x.docx -o "$tmp/x.pdf"
run check-samples check samples/*.yaml tests/fixtures/data/*.yaml tests/fixtures/text/*.yaml
run check-json check --format json samples/longhui-2024.yaml
run build build samples/longhui-2024.yaml samples/example-minimal.yaml -o "$tmp/out"
run build-bad build tests/fixtures/data/bad-fields.yaml -o "$tmp/out"
run fields fields templates/report.docx
run fields-form fields --form templates/form.docx
for z in tests/fixtures/docx/*; do run "fields $(basename "$z")" fields "$z"; done
docx=$(ls "$tmp"/out/*.docx | head -1)
run render render "$docx" -o "$tmp/r.pdf"
run diff diff samples/lushan-2023.yaml samples/shifeng-2023.yaml
mkdir "$tmp/units"; cp samples/example-minimal.yaml "$tmp/units/"
run batch batch "$tmp/units" -o "$tmp/bout" -j 1 --no-pdf

# JSON keeps Chinese as UTF-8, not \u escapes.
j=$(zh check --format json samples/longhui-2024.yaml)
if printf '%s' "$j" | grep -q '警告\|万元' && ! printf '%s' "$j" | grep -q '\\u[0-9a-f]\{4\}'; then pass=$((pass+1)); else echo "FAIL json is not UTF-8 Chinese"; fail=$((fail+1)); fi
# Findings and the summary in one stream, summary last.
last=$(env -i PATH="$PATH" LANG=C.UTF-8 "${keep[@]}" "$bin" check samples/longhui-2024.yaml 2>/dev/null | tail -1)
case "$last" in 共\ 1\ 个文件：*) pass=$((pass+1)) ;; *) echo "FAIL summary not last on stdout: $last"; fail=$((fail+1)) ;; esac

# English on request, by each variable; Chinese for C, POSIX, zh and unset.
en_line() { env -i PATH="$PATH" "${keep[@]}" "$@" "$bin" check /nonexistent/data.yaml 2>&1 | head -1; }
for v in LANGUAGE=en LANGUAGE=en_US:zh_CN LC_ALL=en_US.UTF-8 LC_MESSAGES=en_GB.UTF-8 LANG=en_US.UTF-8 "LANGUAGE=fr:en LANG=zh_CN.UTF-8"; do
  got=$(en_line $v)
  case "$got" in *": fatal: Cannot open"*"No such file or directory"*) pass=$((pass+1)) ;; *) echo "FAIL $v: $got"; fail=$((fail+1)) ;; esac
done
for v in LANG=C.UTF-8 LANG=C LC_ALL=POSIX LANG=zh_CN.UTF-8 "LANGUAGE=zh_CN LANG=en_US.UTF-8" "LC_ALL=C LANG=en_US.UTF-8" "LANGUAGE= LANG=" ; do
  got=$(en_line $v)
  case "$got" in *"错误：无法打开"*"文件不存在"*) pass=$((pass+1)) ;; *) echo "FAIL $v: $got"; fail=$((fail+1)) ;; esac
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
