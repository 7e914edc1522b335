#!/bin/sh
exec "$(dirname "$0")/unit/notify-test"
