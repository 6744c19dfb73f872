"""Run the echo service until it dies, hard, right after its first commit.

Used by test_resilience: ``python crash_echo.py AMQP_URL STORE_URL``. ``os._exit`` skips
every clean-up, as a killed process would: no publish, no ack, no connection close.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bus_echo import SETTINGS, Echo  # noqa: E402

from hub.bus.consumer import Runner  # noqa: E402
from hub.store import Store  # noqa: E402

CRASH_EXIT_CODE = 3


def main(amqp_url: str, store_url: str) -> None:
    runner = Runner(
        Echo(),
        Store(store_url),
        amqp_url,
        SETTINGS,
        after_commit=lambda _m: os._exit(CRASH_EXIT_CODE),
    )
    runner.start()
    time.sleep(30)  # the crash ends it long before
    sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
