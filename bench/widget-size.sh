#!/bin/sh
# What a visitor downloads before the first message: the gzip size of
# static/widget.js (the widget is that one file: styles inside, no other
# request until the chat is opened), against a budget of 12 KB.  With
# --peers (and npm), also the gzip size of the published browser bundle
# of other chat widgets, installed into a temporary directory.
#
#   bench/widget-size.sh [--peers]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
budget=12288
gz() { gzip -9c "$1" | wc -c | tr -d ' '; }

w=$(gz "$top/static/widget.js")
printf '%-34s %8s %8s\n' "widget" "bytes" "gzip"
printf '%-34s %8s %8s\n' "frontdesk static/widget.js" \
    "$(wc -c < "$top/static/widget.js" | tr -d ' ')" "$w"

if [ "${1:-}" = "--peers" ] && command -v npm >/dev/null; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	for pkg in @botpress/webchat @typebot.io/js rasa-webchat; do
		if ! npm install --prefix "$tmp" --no-save --no-audit --no-fund \
		    --ignore-scripts "$pkg" >/dev/null 2>&1; then
			printf '%-34s %8s %8s\n' "$pkg" "-" "(not installable here)"
			continue
		fi
		# The file a page loads: the "./web" export (typebot's web
		# component; its index.js only posts messages to it), else
		# unpkg/jsdelivr/browser/module/main.
		f=$(cd "$tmp/node_modules/$pkg" && node -e '
			const p = require("./package.json");
			const web = p.exports && p.exports["./web"];
			let f = (web && (web.default || web.import)) ||
			    p.unpkg || p.jsdelivr ||
			    (typeof p.browser === "string" && p.browser) ||
			    p.module || p.main || "index.js";
			if (!/\.m?js$/.test(f)) f += ".js";
			console.log(require("path").resolve(f));')
		v=$(cd "$tmp/node_modules/$pkg" && node -p 'require("./package.json").version')
		if [ -f "$f" ]; then
			printf '%-34s %8s %8s  %s\n' "$pkg@$v" \
			    "$(wc -c < "$f" | tr -d ' ')" "$(gz "$f")" \
			    "${f#$tmp/node_modules/}"
		else
			printf '%-34s %8s %8s\n' "$pkg@$v" "-" "(no bundle found)"
		fi
	done
fi

if [ "$w" -gt "$budget" ]; then
	echo "widget.js is $w bytes gzipped, over the budget of $budget" >&2
	exit 1
fi
echo "budget: $w of $budget bytes gzipped"
