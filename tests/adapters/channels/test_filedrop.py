from pathlib import Path

import pytest

from adapters.channels.filedrop import DropFolder, FileDrop, write_file
from canonical.errors import DocumentError, TransientError


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    return tmp_path / "in"


def test_a_file_is_delivered_then_moved_to_done(inbox: Path) -> None:
    got: list[tuple[str, bytes, str | None]] = []
    drop = FileDrop([DropFolder(inbox, partner="acme")], lambda *a: got.append(a), settle_scans=0)
    write_file(inbox, "po.edi", b"UNA:+.? '")
    assert drop.scan_once() == 1
    assert got == [("po.edi", b"UNA:+.? '", "acme")]
    assert (inbox / "done" / "po.edi").exists() and not (inbox / "po.edi").exists()


def test_a_file_still_changing_waits_for_the_next_scan(inbox: Path) -> None:
    got: list[str] = []
    drop = FileDrop([DropFolder(inbox)], lambda name, *_: got.append(name), settle_scans=1)
    (inbox / "po.x12").write_bytes(b"ISA")
    assert drop.scan_once() == 0  # first sight
    assert drop.scan_once() == 1  # unchanged since: settled
    assert got == ["po.x12"]


def test_temp_and_hidden_files_are_left_alone(inbox: Path) -> None:
    drop = FileDrop([DropFolder(inbox)], lambda *_: pytest.fail("delivered"), settle_scans=0)
    (inbox / ".po.edi.tmp").write_bytes(b"half")
    (inbox / "po.edi.part").write_bytes(b"half")
    assert drop.scan_once() == 0


def test_transient_failure_leaves_the_file_for_later(inbox: Path) -> None:
    def broker_down(*_: object) -> None:
        raise TransientError("broker did not confirm")

    drop = FileDrop([DropFolder(inbox)], broker_down, settle_scans=0)
    write_file(inbox, "po.edi", b"x")
    assert drop.scan_once() == 0
    assert (inbox / "po.edi").exists()


def test_permanent_failure_moves_to_failed_with_the_reason(inbox: Path) -> None:
    def refuse(*_: object) -> None:
        raise DocumentError("not a document", document="po.edi")

    drop = FileDrop([DropFolder(inbox)], refuse, settle_scans=0)
    write_file(inbox, "po.edi", b"x")
    write_file(inbox / "failed", "po.edi", b"older")  # never overwritten
    drop.scan_once()
    assert (inbox / "failed" / "po.1.edi").read_bytes() == b"x"
    assert "not a document" in (inbox / "failed" / "po.1.edi.error").read_text()


def test_oversized_file_is_refused_unread(inbox: Path) -> None:
    drop = FileDrop(
        [DropFolder(inbox)], lambda *_: pytest.fail("delivered"), max_bytes=3, settle_scans=0
    )
    write_file(inbox, "big.edi", b"12345")
    drop.scan_once()
    assert "limit" in (inbox / "failed" / "big.edi.error").read_text()
