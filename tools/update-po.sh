#!/usr/bin/env bash
# tools/update-po.sh — extract the messages from the sources into po/jixiao.pot and merge them
# into po/zh_CN.po (new messages arrive untranslated, changed ones fuzzy; translate them in Poedit
# or an editor, then rebuild). With --pot-to FILE only writes the template to FILE (the catalog
# test uses this to see whether po/jixiao.pot is out of date).
set -euo pipefail
cd "$(dirname "$0")/.."
out=po/jixiao.pot
[ "${1:-}" = --pot-to ] && out=$2
# Functions that take a message format (or a message) and translate it themselves.
# diag_add/diag_vadd: argument 5; tpl_error (tpl_template.c): 5; err (model_yaml.c): 4;
# fail (fsio.c): 3; hit, hit_ex (model_text.c): 8; fail_at (xlsx_read.c): 5.
keywords=(--keyword=_ --keyword=N_ --keyword=diag_add:5 --keyword=diag_vadd:5
          --keyword=tpl_error:5 --keyword=err:4 --keyword=fail:3
          --keyword=hit:8 --keyword=hit_ex:8 --keyword=hit_word:8 --keyword=fail_at:5)
files=$(cd . && ls src/*/*.c | LC_ALL=C sort)
xgettext --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: --sort-by-file --no-wrap \
  --package-name=jixiao --msgid-bugs-address=jixiao "${keywords[@]}" \
  -o "$out.tmp" $files
# The creation date changes on every run; drop it so an unchanged template stays byte-identical.
sed -e '/^"POT-Creation-Date:/d' -e 's/charset=CHARSET/charset=UTF-8/' "$out.tmp" > "$out"
rm -f "$out.tmp"
if [ "$out" = po/jixiao.pot ]; then
  if [ -f po/zh_CN.po ]; then
    msgmerge --quiet --update --backup=none --no-wrap --sort-by-file po/zh_CN.po po/jixiao.pot
    # Messages no longer in the sources are dropped, not kept as obsolete entries.
    msgattrib --no-obsolete --no-wrap po/zh_CN.po -o po/zh_CN.po
  else
    msginit --no-translator --no-wrap --locale=zh_CN.UTF-8 -i po/jixiao.pot -o po/zh_CN.po
  fi
fi
