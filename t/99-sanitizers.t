#!/bin/sh
# After the suite ran on the sanitizer build: nothing was reported.
dir="${FD_SANITIZER_LOGS:-}"
case "$0" in */build/asan/*) ;; *) dir="" ;; esac
if [ -z "$dir" ]; then
	echo "1..0 # SKIP not a sanitizer run"
	exit 0
fi
echo "1..1"
if [ -z "$(ls -A "$dir" 2>/dev/null)" ]; then
	echo "ok 1 - AddressSanitizer and UndefinedBehaviorSanitizer reported nothing"
else
	echo "not ok 1 - the sanitizers reported faults"
	for f in "$dir"/*; do sed 's/^/# /' "$f" | head -40; done
	exit 1
fi
