"""The routing tests' small worlds live in routing_world.py (importable by the tests)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
