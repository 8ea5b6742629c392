#!/usr/bin/env bash
# The real window's memory (RSS of the process, renderer included) on a large unit, under Xvfb:
#   cargo run --release --example check_db -- /tmp/g100k.db
#   bash benches/support/real_window_rss.sh target/release/daocha /tmp/g100k.db
# Opens the 处罚台账 page, waits for the checks, clicks 全部台账 (at 1280×800) and scrolls.
# Needs Xvfb and xdotool (../shared/tools/shot.sh installs them).
bin=$1; db=$2
disp=:$((80 + RANDOM % 9))
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
sleep 1
DISPLAY=$disp LIBGL_ALWAYS_SOFTWARE=1 "$bin" gui --db "$db" --page ledger >/dev/null 2>&1 & apid=$!
sleep 20
rss() { grep -E "VmRSS|VmHWM" /proc/$apid/status | tr -s ' \t' ' ' | tr '\n' ' '; echo; }
echo "ledger page, analysed: $(rss)"
W=$(DISPLAY=$disp xdotool search --pid "$apid" | tail -n 1)
DISPLAY=$disp xdotool mousemove --window $W 518 487; sleep 0.3; DISPLAY=$disp xdotool mousedown 1; sleep 0.2; DISPLAY=$disp xdotool mouseup 1
sleep 6
echo "全部台账 open: $(rss)"
for i in 1 2 3 4 5 6 7 8 9 10; do DISPLAY=$disp xdotool mousemove --window $W 700 650 click 5; sleep 0.2; done
sleep 2
echo "scrolled: $(rss)"
DISPLAY=$disp import -window "$W" "${RSS_SHOT:-/tmp/real_window_rss.png}" 2>/dev/null
kill $apid; wait $apid 2>/dev/null; kill $xpid; wait $xpid 2>/dev/null
