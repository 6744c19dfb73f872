"""Peak memory of a piece of work, measured in a fresh child process.

VmHWM from /proc, not ru_maxrss: Linux carries ru_maxrss over fork+exec, so a child
would report the parent's resident set (the generated corpus) as its own peak.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_REPORT = """
with open("/proc/self/status") as _status:
    _peak_kb = next(int(line.split()[1]) for line in _status if line.startswith("VmHWM:"))
print(n, _peak_kb)
"""


def child_peak_mb(script: str, path: Path) -> tuple[float, int]:
    """Run ``script`` (which reads ``sys.argv[1]`` and sets ``n``) alone; (peak MB, n)."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", script + _REPORT, str(path)],
        capture_output=True, text=True, check=True, env=env, cwd=root,
    ).stdout.split()  # fmt: skip
    return int(out[1]) / 1024, int(out[0])
