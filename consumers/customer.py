"""Telling the customer: the order response and ship notices, on ``orderhub.outbound``.

Router and tracker both speak to the customer; this is the one place that knows how.
A customer whose profile has no outbound channel is simply not told (a portal user).
"""

from __future__ import annotations

from datetime import datetime

from canonical import ShipNotice
from canonical.base import Versioned
from consumers import orderbook
from consumers.documents import customer_ship_notice, order_response_for
from consumers.messages import DOCUMENT_TYPE, ORDER_ID, PARTNER, body_of
from hub.bus.consumer import Transaction
from hub.bus.topology import OUTBOUND
from hub.partners import PartnerDirectory, party_of


def _send(
    tx: Transaction, partners: PartnerDirectory, view: orderbook.OrderView, document: Versioned
) -> None:
    customer = partners.partners.get(view.customer)
    if customer is None or customer.outbound is None:
        return
    kind = str(getattr(document, "type", "document"))
    tx.publish(
        OUTBOUND,
        f"out.{customer.id}.{kind}",
        body_of(document),
        headers={PARTNER: customer.id, ORDER_ID: view.id, DOCUMENT_TYPE: kind},
    )


def send_order_response(
    tx: Transaction, partners: PartnerDirectory, view: orderbook.OrderView, now: datetime
) -> None:
    us = party_of(partners.self_partner)
    _send(
        tx, partners, view, order_response_for(view.order, view.progress, us=us, today=now.date())
    )


def send_ship_notice(
    tx: Transaction, partners: PartnerDirectory, view: orderbook.OrderView, notice: ShipNotice
) -> None:
    us = party_of(partners.self_partner)
    _send(tx, partners, view, customer_ship_notice(view.order, notice, order_id=view.id, us=us))
