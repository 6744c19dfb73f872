"""``iter_transactions``: the same outcomes as ``read``, set by set, from small chunks."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from adapters.x12 import iter_transactions, read
from canonical import DocumentError


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_stream_matches_read(
    sample: Callable[[str], bytes], broken: Callable[[str], bytes], chunk: int
) -> None:
    for data in (sample("850_5010_initech.x12"), sample("850_4010_dropship_globex.x12"),
                 broken("one_bad_of_two.x12"), broken("two_interchanges.x12")):  # fmt: skip
        outcomes = list(iter_transactions(io.BytesIO(data), name="s", chunk_size=chunk))
        documents = [o.document for o in outcomes if o.document is not None]
        reading = read(data, name="s")
        assert documents == reading.documents
        assert [e.code for o in outcomes for e in o.errors] == [e.code for e in reading.errors]


def test_stream_reports_envelope_errors_last(broken: Callable[[str], bytes]) -> None:
    outcomes = list(iter_transactions(io.BytesIO(broken("ge_count_wrong.x12")), chunk_size=50))
    assert outcomes[0].message_type == "850" and outcomes[0].document is not None
    assert outcomes[-1].message_type == "" and [e.code for e in outcomes[-1].errors] == ["5"]


def test_stream_truncated(broken: Callable[[str], bytes]) -> None:
    outcomes = list(iter_transactions(io.BytesIO(broken("truncated.x12")), chunk_size=100))
    codes = [e.code for o in outcomes for e in o.errors]
    assert "2" in codes and "023" in codes


def test_stream_unreadable(broken: Callable[[str], bytes]) -> None:
    for name in ("empty.x12", "binary_garbage.bin"):
        with pytest.raises(DocumentError):
            list(iter_transactions(io.BytesIO(broken(name))))
