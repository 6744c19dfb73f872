"""Writer envelopes, separators and the 940, byte for byte where X12 fixes the layout."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest

from adapters.reading import Envelope
from adapters.x12 import read, write
from adapters.x12.syntax import Delimiters
from canonical import DocumentError, Item, Order, OrderLine


def _order(sample: Callable[[str], bytes]) -> Order:
    [order] = read(sample("850_4010_globex.x12")).documents
    assert isinstance(order, Order)
    return order


def test_isa_fixed_layout(sample: Callable[[str], bytes], envelope: Envelope) -> None:
    data = write(_order(sample), replace(envelope, ack_requested=True, test=True))
    isa = data.split(b"~")[0].decode()
    assert len(isa) == 105
    assert isa == ("ISA*00*          *00*          *ZZ*NORTHWIND      *ZZ*GLOBEX         "
                   "*261102*0930*U*00401*000004711*1*T*>")  # fmt: skip
    lines = [line.removesuffix("~") for line in data.decode().splitlines()]
    assert lines[1] == "GS*PO*NORTHWIND*GLOBEX*20261102*0930*812*X*004010"
    assert lines[2] == "ST*850*0001"
    assert lines[-3] == f"SE*{len(lines) - 4}*0001"
    assert lines[-2:] == ["GE*1*812", "IEA*1*000004711"]


def test_5010_envelope(sample: Callable[[str], bytes], envelope: Envelope) -> None:
    data = write(_order(sample), replace(envelope, version="005010", receiver_qualifier="01",
                                          receiver="123456789"))  # fmt: skip
    isa = data.split(b"~")[0].decode()
    assert isa[81:89] == "*^*00501" and isa[51:54] == "01*"
    assert b"*X*005010~" in data


def test_gs_functional_ids(sample: Callable[[str], bytes], envelope: Envelope) -> None:
    for name, kind, fid in (("855_boltfast.x12", None, "PR"), ("856_boltfast.x12", None, "SH"),
                            ("856_boltfast.x12", "945", "SW"), ("846_swift3pl.x12", None, "IB"),
                            ("850_4010_globex.x12", "940", "OW"), ("860_globex.x12", None, "PC")):  # fmt: skip
        [document] = read(sample(name)).documents
        assert f"GS*{fid}*".encode() in write(document, envelope, message_type=kind)


def test_change_order_as_850_when_asked(sample: Callable[[str], bytes], envelope: Envelope) -> None:
    [change] = read(sample("860_globex.x12")).documents
    assert b"ST*860*" in write(change, envelope)
    data = write(change, envelope, message_type="850")
    assert b"ST*850*" in data and b"BEG*04*SA*GX-4500012345" in data


def test_940_warehouse_shipping_order(sample: Callable[[str], bytes], envelope: Envelope) -> None:
    [order] = read(sample("850_4010_dropship_globex.x12")).documents
    text = write(order, envelope, message_type="940").decode()
    assert "W05*N*GX-4500012399*GX-4500012399~" in text
    assert "N1*ST*Springfield Elementary School*92*GX-CUST-0815~" in text
    assert "W01*2*EA**UK*04012345000085*VP*NW-DR-18V~" in text
    assert "N9*LI*1~" in text and "W76*3~" in text


def test_custom_separators_read_back(sample: Callable[[str], bytes], envelope: Envelope) -> None:
    order = _order(sample)
    delims = Delimiters(element="|", component="\\", segment="!", suffix="")
    data = write(order, envelope, delimiters=delims)
    assert b"\n" not in data and data.count(b"!") > 20
    [back] = read(data).documents
    assert back.model_copy(update={"source": None}) == order.model_copy(update={"source": None})


def test_separator_in_identifier_refused(envelope: Envelope) -> None:
    order = Order(po_number="PO*1", lines=[OrderLine(line_number="1", item=Item(gtin="04012345000016"),
                                                    quantity=Decimal(1))])  # fmt: skip
    with pytest.raises(DocumentError) as caught:
        write(order, envelope)
    assert "BEG03" in str(caught.value)


def test_separator_in_free_text_replaced(envelope: Envelope) -> None:
    line = OrderLine(line_number="1", item=Item(gtin="04012345000016", description="Bolt*M8~zinc"),
                     quantity=Decimal(1))  # fmt: skip
    data = write(Order(po_number="P1", lines=[line]), envelope)
    assert b"PID*F****Bolt M8 zinc~" in data


def test_interchange_id_too_long(sample: Callable[[str], bytes], envelope: Envelope) -> None:
    with pytest.raises(DocumentError) as caught:
        write(_order(sample), replace(envelope, sender="A-SENDER-ID-LONGER-THAN-15"))
    assert caught.value.code == "006"


def test_same_input_same_bytes(sample: Callable[[str], bytes], envelope: Envelope) -> None:
    order = _order(sample)
    assert write(order, envelope) == write(order, envelope)


def test_unit_mapping_round_trip() -> None:
    from adapters.x12.units import to_rec20, to_x12

    pairs = {"EA": "EA", "CA": "CS", "BX": "BX", "PK": "PK", "DZ": "DZN", "LB": "LBR",
             "KG": "KGM", "PR": "PR"}  # fmt: skip
    for x12, rec20 in pairs.items():
        assert to_rec20(x12) == rec20 and to_x12(rec20) == x12
    assert to_rec20("ZZZ") is None
    with pytest.raises(ValueError):
        to_x12("XYZ1")
