#!/usr/bin/python3
# The widget on a third-party page (FAULTS B27): hostile host CSS, another
# origin, no cookies, a refused origin, the proactive message.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdbrowser

fdbrowser.run("host.js")
