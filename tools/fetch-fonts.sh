#!/usr/bin/env bash
# tools/fetch-fonts.sh [DIR] — put the free Fandol faces (FandolFang, FandolKai, FandolSong,
# FandolHei) into DIR (default: fonts/ of the source tree), where fonts/fonts.conf finds them.
#
# They stand in for 仿宋, 楷体, 宋体 and 黑体 (docs/rendering.md).  Debian ships them only inside
# texlive-lang-chinese (49 MB), so the .deb is downloaded with `apt-get download` and unpacked with
# `dpkg-deb -x` into a temporary directory: nothing is installed and no TeX is needed.  The faces
# are GPL-3 with the GPL font exception; their licence (COPYING) is copied next to them.
#
# Idempotent: when DIR/fandol.sha256 lists every face with a matching checksum, nothing is fetched.
# DIR/fandol.sha256 records the package version the faces came from.  Needs apt (Debian); without
# network or apt it fails with a message and the renderer keeps using the Noto stand-ins.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/fonts}
faces=(FandolFang-Regular.otf FandolKai-Regular.otf FandolSong-Regular.otf FandolSong-Bold.otf
       FandolHei-Regular.otf FandolHei-Bold.otf)
pkg=texlive-lang-chinese
sums=$dir/fandol.sha256

if [[ -f $sums ]] && (cd "$dir" && sha256sum --quiet --check --strict <(grep -v "^#" "$sums")) >/dev/null 2>&1 &&
   (( $(grep -c '\.otf$' "$sums") == ${#faces[@]} )); then
    exit 0
fi

command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
    { echo "fetch-fonts: apt-get and dpkg-deb are needed to fetch the Fandol faces from $pkg" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# apt-get download runs as the invoking user; the _apt sandbox user must be able to write here.
chmod 0777 "$tmp"
download() { (cd "$tmp" && apt-get download -qq "$pkg" >/dev/null 2>"$tmp/apt.err"); }
if ! download; then
    # A fresh machine has no package lists yet.
    if [[ $(id -u) == 0 ]]; then
        apt-get update -qq >/dev/null
    fi
    download || { cat "$tmp/apt.err" >&2; echo "fetch-fonts: could not download $pkg" >&2; exit 1; }
fi
deb=$(ls "$tmp"/"$pkg"_*.deb)
version=$(dpkg-deb -f "$deb" Version)
dpkg-deb -x "$deb" "$tmp/x"
src=$tmp/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
mkdir -p "$dir"
for f in "${faces[@]}"; do
    [[ -f $src/$f ]] || { echo "fetch-fonts: $pkg $version has no $f" >&2; exit 1; }
    install -m 0644 "$src/$f" "$dir/$f.tmp.$$"
    mv -f "$dir/$f.tmp.$$" "$dir/$f"
done
zcat "$tmp/x/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz" > "$dir/Fandol-COPYING"
{
    echo "# Fandol faces from Debian $pkg $version (GPL-3 with the GPL font exception, see Fandol-COPYING)"
    (cd "$dir" && sha256sum "${faces[@]}")
} > "$sums.tmp.$$"
mv -f "$sums.tmp.$$" "$sums"
# fonts.conf corrects the weight of the two bold faces when fontconfig scans them; scan them now
# under that configuration so that no cache written without it is used.
if [[ -f $top/fonts/fonts.conf ]] && command -v fc-cache >/dev/null; then
    FONTCONFIG_FILE=$top/fonts/fonts.conf fc-cache -f "$dir" >/dev/null 2>&1 || true
fi
echo "fetch-fonts: Fandol faces from $pkg $version in $dir"
