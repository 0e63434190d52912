#!/usr/bin/env bash
# `jixiao check` on every sample and every bad-input fixture, in both languages, each run in a
# clean environment as on a fresh server: the exact findings (with line and column), the summary
# and the exit status must match tests/expected/<name>.check (English, LANGUAGE=en) and
# tests/expected/zh/<name>.check (Chinese, the default with LANG=C.UTF-8). Regenerate an
# expectation after a deliberate change with JX_UPDATE=1, then review the diff line by line.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
cd "$src"
fail=0; pass=0
# The sanitizer builds' options (and valgrind-jixiao.sh's JIXIAO_REAL) pass through the clean environment.
keep=(); for v in ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS JIXIAO_REAL; do [ -n "${!v:-}" ] && keep+=("$v=${!v}"); done
for lang in en zh; do
  if [ $lang = en ]; then envs=(LANGUAGE=en); dir=tests/expected; else envs=(LANG=C.UTF-8); dir=tests/expected/zh; fi
  for f in samples/*.yaml tests/fixtures/data/*.yaml; do
    name=$(basename "$f" .yaml)
    want=$dir/$name.check
    got=$(env -i PATH="$PATH" "${keep[@]}" "${envs[@]}" "$bin" check --format text "$f" 2>/dev/null; echo "exit $?")
    if [ "${JX_UPDATE:-0}" = 1 ]; then mkdir -p "$dir"; printf '%s\n' "$got" > "$want"; fi
    if [ -f "$want" ] && [ "$got" = "$(cat "$want")" ]; then
      pass=$((pass+1))
    else
      fail=$((fail+1))
      echo "FAIL $lang $f"; diff <(printf '%s\n' "$got") "$want" | head -20
    fi
  done
done
# JSON output is valid JSON with the same number of findings as the text output.
for f in samples/*.yaml; do
  n_text=$(LANGUAGE=en "$bin" check "$f" 2>/dev/null | grep -c ': \(error\|warning\|note\|fatal\): ')
  n_json=$("$bin" check --format json "$f" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  if [ "$n_text" = "$n_json" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL json count $f: $n_text vs $n_json"; fi
done
# Usage errors exit 2; a missing file is unusable input (2).
"$bin" check >/dev/null 2>&1; [ $? = 2 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL usage exit"; }
"$bin" check /nonexistent.yaml >/dev/null 2>&1; [ $? = 2 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL missing file exit"; }
echo "$pass passed, $fail failed"
[ $fail = 0 ]
