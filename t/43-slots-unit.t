#!/bin/sh
exec "$(dirname "$0")/unit/slots-test"
