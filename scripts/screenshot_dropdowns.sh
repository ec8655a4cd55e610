#!/bin/bash
# The README's screenshots of the template's dropdowns (docs/mau-2-chon-*.png), taken in LibreOffice Calc
# on a virtual display: a headless conversion cannot show an open list. Needs Xvfb, xdotool and
# ImageMagick (apt-get install xvfb xdotool imagemagick libreoffice-calc). The clicks are positions on a
# 1500x900 screen at 100% zoom: the Chức vụ (E25) and Ấp/Khóm (G25) cells of Huyện Càng Long's 5th block.
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
export DISPLAY=:97
Xvfb "$DISPLAY" -screen 0 1500x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; pkill -f "$work/profile" 2>/dev/null; rm -rf "$work"' EXIT
.venv/bin/python -m pipeline template --district "Huyện Càng Long" --out "$work/mau-2.xlsx" >/dev/null
for _ in $(seq 20); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.5; done
soffice --calc --norestore --nologo "-env:UserInstallation=file://$work/profile" "$work/mau-2.xlsx" >/dev/null 2>&1 &
window=""
for _ in $(seq 90); do
  window=$(xdotool search --onlyvisible --class libreoffice 2>/dev/null | tail -1 || true)
  [ -n "$window" ] && break
  sleep 1
done
sleep 5
xdotool windowsize "$window" 1500 900 windowmove "$window" 0 0
sleep 2
shoot() {  # x y target: click the cell, open its list, take the screen
  xdotool mousemove "$1" "$2" click 1; sleep 1; xdotool key alt+Down; sleep 2
  import -window root "$3"; xdotool key Escape; sleep 1
}
shoot 1346 666 docs/mau-2-chon-ap-khom.png
shoot 1002 666 docs/mau-2-chon-chuc-vu.png
echo "docs/mau-2-chon-ap-khom.png docs/mau-2-chon-chuc-vu.png"
