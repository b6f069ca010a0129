#!/bin/sh
# Remakes the script fonts letters draw names with, from Debian's packages
# (fonts-noto-core 20201225, fonts-nanum 20200506) and fontTools (python3-fonttools):
# each is cut to the blocks of its script, keeping the OpenType layout tables the shaper
# needs, and stored gzipped (gzip -9n). The Hangul subset is renamed, as the SIL Open
# Font License asks of a modified font whose name is reserved ("Nanum").
set -eu
noto=/usr/share/fonts/truetype/noto
nanum=/usr/share/fonts/truetype/nanum
out=$(dirname "$0")
sub() { python3 -m fontTools.subset "$1" --unicodes="$2" --layout-features='*' --no-hinting --name-IDs='*' --output-file="$3"; }
marks=U+0020,U+00A0,U+200C-200F,U+25CC
sub $noto/NotoSansArabic-Regular.ttf "$marks,U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF" "$out/NotoSansArabic-subset.ttf"
sub $noto/NotoSansHebrew-Regular.ttf "$marks,U+0590-05FF,U+FB1D-FB4F" "$out/NotoSansHebrew-subset.ttf"
sub $noto/NotoSansDevanagari-Regular.ttf "$marks,U+0900-097F,U+A8E0-A8FF,U+1CD0-1CFF" "$out/NotoSansDevanagari-subset.ttf"
sub $nanum/NanumSquareR.ttf "U+0020,U+AC00-D7A3,U+3131-318E" "$out/hangul.ttf"
python3 - "$out/hangul.ttf" "$out/HangulSquare-subset.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1])
for rec in f["name"].names:
    if rec.nameID in (1, 3, 4, 6, 16, 17):
        rec.string = {1: "Privacy Desk Hangul", 3: "PrivacyDeskHangul-Regular", 4: "Privacy Desk Hangul Regular",
                      6: "PrivacyDeskHangul-Regular", 16: "Privacy Desk Hangul", 17: "Regular"}[rec.nameID]
f.save(sys.argv[2])
PY
rm "$out/hangul.ttf"
for f in NotoSansArabic NotoSansHebrew NotoSansDevanagari HangulSquare; do
	gzip -9nf "$out/$f-subset.ttf"
done
