"""The file-drop channel: a folder per partner (or one shared folder) watched for files.

A file is handed to ``deliver`` and moved to ``done/`` only after ``deliver`` returned,
which the hub does only after the broker confirmed the message. A permanent failure
moves it to ``failed/`` with a ``.error`` file beside it; a transient one leaves it in
place for the next scan. Files still being written are left alone: names starting with
``.`` or ending in ``.tmp``/``.part`` are skipped, as is a file whose size or mtime
changed since the previous scan (write-then-rename is the safe way to drop a file).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from canonical.errors import OrderhubError, TransientError

log = logging.getLogger(__name__)

Deliver = Callable[[str, bytes, str | None], None]  # (file name, bytes, partner id or None)
_SKIP_SUFFIXES = (".tmp", ".part", ".error")


@dataclass
class DropFolder:
    path: Path
    partner: str | None = None  # None: the sender is read from the envelope


@dataclass
class FileDrop:
    folders: list[DropFolder]
    deliver: Deliver
    max_bytes: int = 100 * 1024 * 1024
    settle_scans: int = 1  # scans a file must stay unchanged before it is taken
    _seen: dict[Path, tuple[int, int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for folder in self.folders:
            for sub in ("", "done", "failed"):
                (folder.path / sub).mkdir(parents=True, exist_ok=True)

    def scan_once(self) -> int:
        """Deliver every settled file once; returns how many were taken."""
        taken = 0
        for folder in self.folders:
            for path in sorted(folder.path.iterdir()):
                if (
                    not path.is_file()
                    or path.name.startswith(".")
                    or path.name.endswith(_SKIP_SUFFIXES)
                ):
                    continue
                if not self._settled(path):
                    continue
                taken += self._take(folder, path)
        return taken

    def run(self, stop: threading.Event, interval: float = 0.5) -> None:
        while not stop.is_set():
            try:
                self.scan_once()
            except OSError as exc:  # a folder unmounted for a while: keep watching
                log.warning("file drop scan failed: %s", exc)
            stop.wait(interval)

    def _settled(self, path: Path) -> bool:
        stat = path.stat()
        key = (stat.st_size, stat.st_mtime_ns, 0)
        before = self._seen.get(path)
        if before is None or before[:2] != key[:2]:
            self._seen[path] = key
            return self.settle_scans <= 0
        count = before[2] + 1
        self._seen[path] = (key[0], key[1], count)
        return count >= self.settle_scans

    def _take(self, folder: DropFolder, path: Path) -> int:
        self._seen.pop(path, None)
        if path.stat().st_size > self.max_bytes:
            self._fail(folder, path, f"file is over the {self.max_bytes}-byte limit; not read")
            return 0
        data = path.read_bytes()
        try:
            self.deliver(path.name, data, folder.partner)
        except TransientError as exc:
            log.warning("%s: not taken yet, will retry: %s", path, exc)
            return 0
        except OrderhubError as exc:
            self._fail(folder, path, str(exc))
            return 0
        _move(path, folder.path / "done")
        return 1

    def _fail(self, folder: DropFolder, path: Path, why: str) -> None:
        target = _move(path, folder.path / "failed")
        target.with_name(target.name + ".error").write_text(why + "\n", encoding="utf-8")
        log.error("%s: moved to failed/: %s", path, why)


def _move(path: Path, folder: Path) -> Path:
    target = folder / path.name
    counter = 1
    while target.exists():  # never overwrite an earlier file of the same name
        target = folder / f"{path.stem}.{counter}{path.suffix}"
        counter += 1
    shutil.move(str(path), target)
    return target


def write_file(folder: Path, name: str, data: bytes) -> Path:
    """Outbound: write atomically (temp file, fsync, rename) so a partner never reads half."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / name
    temp = folder / f".{name}.tmp"
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, final)
    return final
