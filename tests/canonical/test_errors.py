from canonical.errors import DocumentError, PermanentError, Position, TransientError


def test_document_error_names_document_position_and_code() -> None:
    error = DocumentError(
        "segment count 12 does not match 11 segments",
        document="in/acme.edi",
        position=Position(segment=14, tag="UNT", element=1),
        code="29",
        standard="edifact",
    )
    assert (
        error.one_line()
        == "in/acme.edi: segment 14 UNT UNT01: segment count 12 does not match 11 segments [edifact 29]"
    )
    assert isinstance(error, PermanentError)
    assert not error.transient


def test_xml_positions_are_paths() -> None:
    error = DocumentError(
        "bad quantity",
        document="po.xml",
        position=Position(xpath="/cXML/Request/OrderRequest/ItemOut[2]", line=40),
    )
    assert "ItemOut[2] (line 40)" in error.one_line()


def test_transient_errors_say_so() -> None:
    assert TransientError("db down").transient
