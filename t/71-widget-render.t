#!/usr/bin/python3
# What the widget makes of each kind of message (choices, forms, booking,
# emergency, staff, RTL), retries, error states and colours, against a
# scripted API in Chromium.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdbrowser

fdbrowser.run("render.js")
