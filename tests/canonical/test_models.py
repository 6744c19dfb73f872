from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from canonical import Address, Item, Order, OrderLine, Package
from canonical.schema import json_schemas, load_document
from canonical.shipment import is_valid_sscc, sscc_check_digit


def test_order_json_mode_keeps_decimals_exact_and_dates_iso() -> None:
    order = Order(
        po_number="PO-1",
        po_date=date(2026, 11, 2),
        lines=[
            OrderLine(
                line_number="1",
                item=Item(gtin="04012345000016"),
                quantity=Decimal("2.50"),
                unit_price=Decimal("0.10"),
            )
        ],
    )
    data = order.model_dump(mode="json")
    assert data["lines"][0]["quantity"] == "2.50"
    assert data["lines"][0]["unit_price"] == "0.10"
    assert data["po_date"] == "2026-11-02"
    assert data["schema_version"] == "1.0"
    assert load_document(data) == order


@pytest.mark.parametrize(("given", "stored"), [("de", "DE"), ("DEU", "DE"), ("gb", "GB")])
def test_country_is_normalised_to_iso_alpha_2(given: str, stored: str) -> None:
    assert Address(country=given).country == stored


def test_unknown_country_is_refused() -> None:
    with pytest.raises(ValidationError, match="ISO 3166"):
        Address(country="XX")


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        Order(po_number="1", po_nubmer="typo")  # type: ignore[call-arg]


def test_sscc_check_digit_matches_gs1_example() -> None:
    # GS1's worked example (00) 1 0614141 123456789 7, and the EAN-13 4006381333931
    assert sscc_check_digit("10614141123456789") == "7"
    assert sscc_check_digit("400638133393") == "1"
    assert is_valid_sscc("106141411234567897")
    with pytest.raises(ValidationError, match="SSCC"):
        Package(sscc="106141411234567890")


def test_every_document_type_has_a_schema() -> None:
    schemas = json_schemas()
    assert {
        "order",
        "order_response",
        "ship_notice",
        "inventory_report",
        "functional_ack",
        "work_item",
    } <= set(schemas)
    assert "po_number" in schemas["order"]["properties"]
