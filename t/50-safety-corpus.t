#!/bin/sh
# The safety screen against its labelled corpus and the exact cases.
top="$(cd "$(dirname "$0")/.." && pwd)"
exec "$top/t/unit/safety-test" "$top"
