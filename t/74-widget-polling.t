#!/usr/bin/python3
# The widget's polling budget (FAULTS B25) on a fake clock: no poll before
# a conversation, poll_ms open, 30 s closed or hidden, one request in
# flight, Retry-After and backoff; checked against nginx's access log.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdbrowser

fdbrowser.run("polling.js")
