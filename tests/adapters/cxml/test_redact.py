from pathlib import Path

from adapters.cxml import read, redact

SAMPLE = Path(__file__).parents[3] / "samples" / "cxml" / "orderrequest_umbrella.xml"


def test_the_shared_secret_is_blanked_and_nothing_else_changes() -> None:
    data = SAMPLE.read_bytes()
    clean = redact(data)
    assert b"umbrella-sample-s3cret" in data and b"umbrella-sample-s3cret" not in clean
    assert b"<SharedSecret>***</SharedSecret>" in clean
    assert clean.replace(b"***", b"umbrella-sample-s3cret") == data
    assert read(clean).documents == read(data).documents  # still the same order


def test_bytes_without_a_secret_are_returned_as_they_are() -> None:
    data = b"UNA:+.? 'UNB+UNOC:3+X+Y+261125:1200+1'"
    assert redact(data) is data
