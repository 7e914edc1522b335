#!/bin/sh
# Each libFuzzer harness of t/fuzz/, briefly (FD_FUZZ_SECONDS, default 15).
exec "$(dirname "$0")/fuzz/run" "${FD_FUZZ_SECONDS:-15}"
