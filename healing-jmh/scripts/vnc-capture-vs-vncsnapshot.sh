#!/usr/bin/env bash
# Whole-process screenshot time (issue 17): `vnc-capture` through `bin/healing` (the launcher) and
# through plain `java -jar`, against `vncsnapshot -encodings hextile`, interleaved, on one local
# TigerVNC Xvnc at 1920x1080 showing a page in Chromium.
#
#   healing-jmh/scripts/vnc-capture-vs-vncsnapshot.sh [RUNS] [PAGE] [OTHER.jar]
#
# RUNS (default 11) runs of each command, alternating; PAGE: text (default), dashboard or noise
# (a canvas of random pixels);
# OTHER.jar: another build of healing-examples.jar (e.g. before a change), run in the same rounds.
# Needs Xvnc, chromium and vncsnapshot (Debian: tigervnc-standalone-server, chromium, vncsnapshot)
# and examples/target/healing-examples.jar (mvn -pl examples -am package -DskipTests).
# Prints each run's wall time (ms), then medians with min-max of wall and CPU time, the ratio, and
# `uptime` before and after. The machine's load moves both; compare within one run of the script.
set -euo pipefail
runs=${1:-11}
page=${2:-text}
other=${3:-}
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$here/examples/target/healing-examples.jar
[[ -f $jar ]] || { echo "build $jar first" >&2; exit 2; }
work=$(mktemp -d)
port=$((5900 + RANDOM % 2000))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

Xvnc -displayfd 3 -geometry 1920x1080 -depth 24 -rfbport "$port" -localhost -nolisten tcp -ac \
    -SecurityTypes None -AlwaysShared 3>"$work/display" 2>"$work/xvnc.log" &
pids+=($!)
for _ in $(seq 100); do [[ -s $work/display ]] && break; sleep 0.1; done
display=:$(head -1 "$work/display")

if [[ $page == dashboard ]]; then
    rows=""
    for i in $(seq 40); do rows+="<tr><td>host-$i</td><td>$((i * 37 % 100)) %</td><td>ok</td><td>eu-west-$((i % 3))</td></tr>"; done
    body="<h1 style='background:#246;color:#fff;padding:12px'>Admin dashboard</h1>
<div style='display:flex;gap:12px'><button>Deploy</button><button>Roll back</button><input value='search'></div>
<table border=1 cellpadding=4 style='width:100%;font:14px sans-serif'>$rows</table>"
elif [[ $page == noise ]]; then
    # the worst case for compressing encodings: every pixel differs from its neighbours
    body="<canvas id=c width=1920 height=1080 style='position:fixed;left:0;top:0'></canvas><script>
var c = document.getElementById('c').getContext('2d'), d = c.createImageData(1920, 1080);
for (var i = 0; i < d.data.length; i += 4) { var v = (Math.random() * 255) | 0;
  d.data[i] = v; d.data[i + 1] = (v * 7) & 255; d.data[i + 2] = (Math.random() * 255) | 0; d.data[i + 3] = 255; }
c.putImageData(d, 0, 0);</script>"
else
    body="<h1>Release notes</h1>"
    for i in $(seq 30); do body+="<p>Paragraph $i: the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.</p>"; done
fi
echo "<html><body style='font:16px serif'>$body</body></html>" >"$work/page.html"
DISPLAY=$display chromium --no-sandbox --no-first-run --disable-gpu --kiosk --user-data-dir="$work/profile" \
    "file://$work/page.html" >/dev/null 2>&1 &
pids+=($!)
sleep 8 # let the page render and Chromium go idle

# one run: "wall_ms cpu_ms" (CPU: user + system of the process and its threads)
run() {
    local TIMEFORMAT='%3R %3U %3S' t
    t=$( { time "$@" >/dev/null 2>"$work/err" || echo "failed: $* ($(cat "$work/err"))" >&2; } 2>&1 )
    awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' <<<"$t"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)] " [" a[1] "-" a[NR] "]"}'; }

# the launcher's class archive, written by an untimed first run
export HEALING_CACHE=$work/cache HEALING_JAR=$jar
"$here/bin/healing" vnc-capture "localhost:$port" "$work/launcher.png" >/dev/null

echo "uptime before: $(uptime)"
: >"$work/ours" && : >"$work/theirs" && : >"$work/other" && : >"$work/launcher"
for i in $(seq "$runs"); do
    run "$here/bin/healing" vnc-capture "localhost:$port" "$work/launcher.png" >>"$work/launcher"
    if [[ -n $other ]]; then
        run java -jar "$other" vnc-capture "localhost:$port" "$work/other.png" >>"$work/other"
    fi
    run java -jar "$jar" vnc-capture "localhost:$port" "$work/ours.png" >>"$work/ours"
    run vncsnapshot -quiet -encodings hextile "localhost::$port" "$work/theirs.jpg" >>"$work/theirs"
done
echo "uptime after:  $(uptime)"
echo "bin/healing vnc-capture runs (wall ms): $(cut -d' ' -f1 "$work/launcher" | tr '\n' ' ')"
echo "vnc-capture runs (wall ms): $(cut -d' ' -f1 "$work/ours" | tr '\n' ' ')"
echo "vncsnapshot runs (wall ms): $(cut -d' ' -f1 "$work/theirs" | tr '\n' ' ')"
o=$(cut -d' ' -f1 "$work/ours" | median)
l=$(cut -d' ' -f1 "$work/launcher" | median)
echo "bin/healing vnc-capture median wall: $l, CPU $(cut -d' ' -f2 "$work/launcher" | median)"
t=$(cut -d' ' -f1 "$work/theirs" | median)
echo "vnc-capture median wall: $o, CPU $(cut -d' ' -f2 "$work/ours" | median)"
if [[ -n $other ]]; then
    echo "$(basename "$other") runs (wall ms): $(cut -d' ' -f1 "$work/other" | tr '\n' ' ')"
    echo "$(basename "$other") median wall: $(cut -d' ' -f1 "$work/other" | median), CPU $(cut -d' ' -f2 "$work/other" | median)"
    # the same round's runs compared: less exposed to the load changing between rounds
    echo "vnc-capture minus $(basename "$other"), median of the rounds' differences: wall $(paste -d' ' "$work/ours" \
        "$work/other" | awk '{print $1 - $3}' | median), CPU $(paste -d' ' "$work/ours" "$work/other" | awk '{print $2 - $4}' | median)"
fi
echo "vncsnapshot median wall: $t, CPU $(cut -d' ' -f2 "$work/theirs" | median)"
awk -v a="${o%% *}" -v l="${l%% *}" -v b="${t%% *}" \
    'BEGIN {printf "ratio of medians: bin/healing %.2fx, java -jar %.2fx\n", l / b, a / b}'
