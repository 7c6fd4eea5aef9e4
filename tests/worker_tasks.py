"""Tasks for the worker pools' tests: a light module, since a worker imports it to unpickle them."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Sleep:
    seconds: float

    def run(self, context: Any) -> int:
        time.sleep(self.seconds)
        return os.getpid()


@dataclass(frozen=True)
class Started:
    """The worker's process id and when its process started (the /proc entry's time)."""

    def run(self, context: Any) -> tuple[int, float]:
        return os.getpid(), os.stat(f"/proc/{os.getpid()}").st_mtime
