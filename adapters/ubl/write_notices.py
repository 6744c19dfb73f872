"""Canonical OrderResponse / ShipNotice -> UBL OrderResponse (T76) / DespatchAdvice (T16)."""

from __future__ import annotations

from datetime import date

from lxml import etree

from adapters.ubl.common import cac, cbc, root_element, write_item, write_party
from adapters.ubl.read_notices import GROSS_WEIGHT
from adapters.ubl.write_order import write_period
from canonical import OrderResponse, ShipNotice

RESPONSE_CUSTOMIZATION = "urn:fdc:peppol.eu:poacc:trns:order_response:3"
RESPONSE_PROFILE = "urn:fdc:peppol.eu:poacc:bis:ordering:3"
DESPATCH_CUSTOMIZATION = "urn:fdc:peppol.eu:poacc:trns:despatch_advice:3"
DESPATCH_PROFILE = "urn:fdc:peppol.eu:poacc:bis:despatch_advice:3"
RESPONSE_CODES = {"accepted": "AP", "accepted_with_changes": "CA", "rejected": "RE"}
LINE_CODES = {"accepted": "5", "changed": "3", "backordered": "3", "rejected": "7"}


def build_order_response(response: OrderResponse, today: date, fallback_id: str) -> etree._Element:
    root = root_element("OrderResponse")
    cbc(root, "CustomizationID", RESPONSE_CUSTOMIZATION)
    cbc(root, "ProfileID", RESPONSE_PROFILE)
    cbc(root, "ID", response.response_number or fallback_id)
    cbc(root, "IssueDate", (response.response_date or today).isoformat())
    cbc(root, "OrderResponseCode", RESPONSE_CODES[response.status])
    for note in response.notes:
        cbc(root, "Note", note)
    if response.currency:
        cbc(root, "DocumentCurrencyCode", response.currency)
    cbc(cac(root, "OrderReference"), "ID", response.po_number)
    write_party(root, "SellerSupplierParty", response.seller)
    write_party(root, "BuyerCustomerParty", response.buyer)
    for index, line in enumerate(response.lines, 1):
        order_line = cac(root, "OrderLine")
        item = cac(order_line, "LineItem")
        cbc(item, "ID", str(index))
        if line.reason:
            cbc(item, "Note", line.reason)
        cbc(item, "LineStatusCode", LINE_CODES[line.status])
        cbc(item, "Quantity", line.quantity, unitCode=line.uom)
        if line.promised_date is not None:
            write_period(cac(item, "Delivery"), "PromisedDeliveryPeriod", None, line.promised_date)
        if line.unit_price is not None:
            cbc(cac(item, "Price"), "PriceAmount", line.unit_price, currencyID=response.currency)
        write_item(item, line.item)
        cbc(cac(order_line, "OrderLineReference"), "LineID", line.line_number)
    return root


def build_despatch_advice(notice: ShipNotice, today: date) -> etree._Element:
    root = root_element("DespatchAdvice")
    cbc(root, "CustomizationID", DESPATCH_CUSTOMIZATION)
    cbc(root, "ProfileID", DESPATCH_PROFILE)
    cbc(root, "ID", notice.shipment_id)
    cbc(root, "IssueDate", (notice.notice_date or today).isoformat())
    cbc(cac(root, "OrderReference"), "ID", notice.po_number)
    write_party(root, "DespatchSupplierParty", notice.ship_from)
    write_party(root, "DeliveryCustomerParty", notice.ship_to)
    write_party(root, "BuyerCustomerParty", notice.buyer, legal=False)
    write_party(root, "SellerSupplierParty", notice.seller, legal=False)
    shipment = cac(root, "Shipment")
    cbc(shipment, "ID", "1")
    if notice.carrier:
        consignment = cac(shipment, "Consignment")
        cbc(consignment, "ID", notice.tracking_number or "NA")
        cbc(cac(cac(consignment, "CarrierParty"), "PartyName"), "Name", notice.carrier)
    if notice.tracking_number or notice.estimated_delivery_date or notice.ship_date:
        delivery = cac(shipment, "Delivery")
        if notice.tracking_number:
            cbc(delivery, "TrackingID", notice.tracking_number)
        write_period(delivery, "EstimatedDeliveryPeriod", None, notice.estimated_delivery_date)
        if notice.ship_date:
            cbc(cac(delivery, "Despatch"), "ActualDespatchDate", notice.ship_date.isoformat())
    index = 0
    for package in notice.packages:
        for line in package.lines:
            index += 1
            despatch_line = cac(root, "DespatchLine")
            cbc(despatch_line, "ID", str(index))
            cbc(despatch_line, "DeliveredQuantity", line.quantity, unitCode=line.uom)
            cbc(cac(despatch_line, "OrderLineReference"), "LineID", line.line_number)
            write_item(despatch_line, line.item)
            if package.sscc or package.weight is not None:
                line_shipment = cac(despatch_line, "Shipment")
                cbc(line_shipment, "ID", "NA")
                unit = cac(line_shipment, "TransportHandlingUnit")
                if package.sscc:
                    cbc(unit, "ID", package.sscc, schemeID="SSCC")
                if package.weight is not None:
                    dim = cac(unit, "MeasurementDimension")
                    cbc(dim, "AttributeID", GROSS_WEIGHT)
                    cbc(dim, "Measure", package.weight, unitCode=package.weight_uom or "KGM")
    return root
