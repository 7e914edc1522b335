#!/bin/sh
exec "$(dirname "$0")/unit/answer-test"
