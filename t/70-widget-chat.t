#!/usr/bin/python3
# The widget on a demo clinic page in Chromium: no request before open,
# ask and answer, reload and continue, start again, text as text (B12).
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdbrowser

fdbrowser.run("chat.js")
