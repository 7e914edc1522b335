#!/usr/bin/python3
# Booking end to end through the widget in Chromium, answering whatever
# the clinic asks (choices, forms, words) until the booking card shows.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdbrowser, fdtest

if not os.path.exists(os.path.join(fdtest.TOP, "src", "booking.c")):
    fdtest.TAP().skip_all("TODO: the booking module (src/booking.c) is not merged yet")
fdbrowser.run("booking.js")
