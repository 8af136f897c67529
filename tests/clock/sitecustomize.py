"""The tests' own clock: with GONGKAI_TEST_CLOCK set (a shift such as +365d, or a day such as
2027-12-02), every Python process of the test run, the builds and commands it starts included,
reads a clock moved by time-machine, and time runs on from there. .ci/run runs the suite twice,
today and a year later, to show that no test depends on the day it runs."""

import os
from datetime import UTC, datetime, timedelta

_clock = os.environ.get("GONGKAI_TEST_CLOCK", "").strip()
if _clock:
    import time_machine

    if _clock.startswith(("+", "-")) and _clock.endswith("d"):
        _destination = datetime.now(UTC) + timedelta(days=int(_clock[:-1]))
    else:
        _destination = datetime.fromisoformat(_clock).replace(tzinfo=UTC)
    time_machine.travel(_destination, tick=True).start()
