#!/bin/sh
# The widget's size budget (12 KB gzip before the first message) and no
# HTML parsing of any text in it (FAULTS B12): static checks of widget.js.
top="$(cd "$(dirname "$0")/.." && pwd)"
w="$top/static/widget.js"
echo "1..4"
if out=$("$top/bench/widget-size.sh"); then
	echo "ok 1 - $(echo "$out" | tail -n 1)"
else
	echo "not ok 1 - widget.js is over its size budget"
	echo "$out" | sed 's/^/# /'
fi
n=$(grep -cE 'innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|eval\(|new Function' "$w")
if [ "$n" -eq 0 ]; then
	echo "ok 2 - no HTML parsing or eval anywhere in widget.js"
else
	echo "not ok 2 - $n lines of widget.js parse HTML or evaluate code"
fi
if node --check "$w" 2>/dev/null; then
	echo "ok 3 - widget.js parses"
else
	echo "not ok 3 - widget.js has a syntax error"
fi
n=$(grep -cE '\b(document\.cookie|XMLHttpRequest|sendBeacon)\b' "$w")
if [ "$n" -eq 0 ]; then
	echo "ok 4 - no cookies, no beacons: fetch only"
else
	echo "not ok 4 - widget.js touches cookies or beacons"
fi
