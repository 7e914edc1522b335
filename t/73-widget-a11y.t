#!/usr/bin/python3
# The widget with the keyboard only, for screen readers, on a phone-sized
# screen (inputs >= 16px, FAULTS B27) and right to left.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdbrowser

fdbrowser.run("a11y.js")
