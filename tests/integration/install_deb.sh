#!/usr/bin/env bash
# The Debian package: cpack -G DEB from the build directory under test, its name, version and
# dependencies (shared libraries computed by dpkg-shlibdeps, plus the fonts fonts.conf names),
# then `apt-get install ./jixiao_*.deb`: /usr/bin/jixiao, in a bare environment, builds every
# example into DOCX and PDF byte-identical to the build tree's, `man jixiao` is the Chinese page;
# `apt-get remove` takes it all away.  Needs root and apt (CI runs as root on a fresh machine);
# skipped (77) otherwise, and in a sanitizer build, whose binary is not one to ship.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}; build=${JX_BUILD_DIR:?}
[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && command -v dpkg-shlibdeps >/dev/null || {
  echo "install_deb: skipped (needs root, apt-get and dpkg-dev)"; exit 77; }
grep -q '^JX_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" && { echo "install_deb: skipped in a sanitizer build"; exit 77; }
# One run at a time on a machine (several checkouts may run the suite at once): they share /usr.
exec 9>/var/lock/jixiao-install_deb.lock
flock -w 400 9 || { echo "FAIL: another install_deb run holds /var/lock/jixiao-install_deb.lock"; exit 1; }
if dpkg-query -W -f='${Status}' jixiao 2>/dev/null | grep -q "install ok installed"; then
  echo "FAIL: a jixiao package is already installed; this test installs and removes its own"; exit 1
fi
tmp=$(mktemp -d)
cleanup() {
  dpkg-query -W -f='${Status}' jixiao 2>/dev/null | grep -q "install ok installed" &&
    apt-get remove -y -qq -o DPkg::Lock::Timeout=300 jixiao >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { fail=$((fail+1)); echo "FAIL: $*"; }
bare() { env -i PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }

(cd "$build" && cpack --config CPackConfig.cmake -G DEB -B "$tmp/pkg") >"$tmp/log" 2>&1 ||
  { tail -20 "$tmp/log"; echo "FAIL: cpack"; exit 1; }
deb=$(ls "$tmp"/pkg/jixiao_*.deb 2>/dev/null)
[ -f "$deb" ] || { echo "FAIL: no jixiao_*.deb in $(ls "$tmp/pkg")"; exit 1; }
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ "${deb##*/}" = "jixiao_${version}_$(dpkg --print-architecture).deb" ] && ok || no "package file name ${deb##*/}"
[ "$(dpkg-deb -f "$deb" Package)" = jixiao ] && [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] && ok || no "control: $(dpkg-deb -f "$deb")"
dep=$(dpkg-deb -f "$deb" Depends)
for d in libc6 libcairo2 libpango-1.0-0 libxml2 libzip4 libyaml-0-2 fontconfig; do
  grep -qE "(^|, )$d( |,|$)" <<<"$dep" && ok || no "Depends lacks $d: $dep"
done
# Every font package tools/jx installs for fonts.conf's stand-ins is a dependency.
for d in $(grep -o 'fonts-[a-z0-9-]*' "$src/tools/jx" | sort -u); do
  grep -qE "(^|, )$d( |,|$)" <<<"$dep" && ok || no "Depends lacks the font package $d: $dep"
done
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/jixiao ./usr/share/jixiao/templates/report.docx ./usr/share/jixiao/fonts/fonts.conf \
         ./usr/share/man/man1/jixiao.1 ./usr/share/locale/zh_CN/LC_MESSAGES/jixiao.mo \
         ./usr/share/doc/jixiao/examples/longhui-2024.yaml ./usr/share/bash-completion/completions/jixiao; do
  grep -qxF "$f" <<<"$files" && ok || no "package lacks $f"
done
for f in "$src"/fonts/*.otf "$src"/fonts/*.ttf; do
  [ -e "$f" ] || continue
  grep -qxF "./usr/share/jixiao/fonts/${f##*/}" <<<"$files" && ok || no "package lacks the face ${f##*/}"
done

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 \
  "$deb" >"$tmp/log" 2>&1 || { tail -20 "$tmp/log"; echo "FAIL: apt-get install $deb"; exit 1; }
[ -x /usr/bin/jixiao ] && ok || no "no /usr/bin/jixiao after apt-get install"

"$bin" build "$src"/samples/*.yaml -o "$tmp/ref" >/dev/null 2>&1
bare /usr/bin/jixiao build /usr/share/doc/jixiao/examples/*.yaml -o "$tmp/inst" >"$tmp/log" 2>&1
k=0
for f in "$tmp"/ref/*.docx "$tmp"/ref/*.pdf; do
  k=$((k+1)); cmp -s "$f" "$tmp/inst/${f##*/}" && ok || no "packaged jixiao: ${f##*/} differs or is missing ($(tail -2 "$tmp/log"))"
done
[ $k -ge 8 ] && ok || no "reference build wrote only $k files"
v=$(bare env LANGUAGE=en /usr/bin/jixiao version)
grep -qxF "templates: /usr/share/jixiao/templates (installed)" <<<"$v" && ok || no "version: $v"
if grep -qs '^path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
  # Slim container images tell dpkg to drop every man page; the package has them (checked above).
  echo "install_deb: note: dpkg here excludes /usr/share/man, man jixiao not checked"
else
  [ "$(bare man -w jixiao)" = /usr/share/man/man1/jixiao.1 ] && ok || no "man -w jixiao: $(bare man -w jixiao 2>&1)"
  bare env MANWIDTH=80 man jixiao 2>/dev/null | grep -q '^命令' && ok || no "man jixiao is not the Chinese page"
  [ "$(bare man -w jixiao.en)" = /usr/share/man/man1/jixiao.en.1 ] && ok || no "man -w jixiao.en"
fi

apt-get remove -y -qq -o DPkg::Lock::Timeout=300 jixiao >"$tmp/log" 2>&1 && ok || no "apt-get remove: $(tail -3 "$tmp/log")"
[ ! -e /usr/bin/jixiao ] && [ ! -e /usr/share/jixiao ] && ok || no "files left after apt-get remove"

echo "install_deb: $pass passed, $fail failed"
[ $fail = 0 ]
