"""The intake service: raw bytes in; acknowledgements, orders and events out.

Detect, read and validate; the functional acknowledgement goes back to the sender on
``orderhub.outbound``; every document read becomes an event on ``orderhub.events``;
a new order is recorded with its timeline. A document that cannot be read is kept in
the archive with its error and announced as ``document.failed``: it is never dropped,
and never retried, since retrying cannot make broken bytes readable.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from adapters import cxml, registry
from adapters.reading import Reading
from canonical import FunctionalAck, Order
from canonical import lifecycle as lc
from canonical.base import Versioned
from canonical.errors import DocumentError
from consumers import orderbook
from consumers.messages import (
    DOCUMENT_TYPE,
    ORDER_ID,
    PARTNER,
    RAW_ID,
    body_of,
    event_key,
    json_body,
    order_id_for,
)
from hub.bus.consumer import Service, Transaction
from hub.bus.incoming import Incoming
from hub.bus.topology import EVENTS, INBOUND, OUTBOUND, Binding
from hub.partners import Partner, PartnerDirectory
from hub.store.archive import (
    archive_add_refs,
    archive_describe,
    archive_get,
    archive_put,
    archive_set_status,
    sha256_hex,
)
from hub.store.duplicates import register_interchange
from hub.store.types import utcnow

log = logging.getLogger(__name__)


class Intake(Service):
    name = "intake"
    bindings = (Binding(INBOUND, "raw.#"),)

    def __init__(
        self,
        partners: PartnerDirectory,
        *,
        max_bytes: int,
        duplicate_window: timedelta,
        secrets: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.partners = partners
        self.secrets = dict(secrets or {})  # partner id -> cXML shared secret
        self.max_bytes = max_bytes
        self.duplicate_window = duplicate_window
        self.clock = clock

    def handle(self, message: Incoming, tx: Transaction) -> None:
        session = tx.session
        channel = message.routing_key.partition(".")[2] or "unknown"
        raw_id = self._archived(session, message, channel)
        name = str(message.headers.get("x-file-name") or raw_id)
        try:
            reading = registry.read(message.body, name=name, max_bytes=self.max_bytes)
        except DocumentError as error:
            archive_set_status(session, raw_id, "failed", error=error.one_line())
            self._announce(tx, "document.failed", raw_id, name, error.one_line())
            return
        partner = self._partner(message, reading)
        refused = self._unauthenticated(message.body, reading, partner, name)
        if refused is not None:
            archive_set_status(session, raw_id, "rejected", error=refused)
            self._announce(tx, "document.rejected", raw_id, name, refused)
            return
        sender = reading.ack.sender if reading.ack else reading.sender
        control = reading.ack.interchange_control if reading.ack else reading.interchange_control
        earlier = register_interchange(
            session,
            sender,
            control,
            sha256_hex(message.body),
            self.duplicate_window,
            self.clock(),
            archive_id=raw_id,
        )
        if earlier is not None:
            why = (
                f"duplicate of {earlier} (sender {sender}, control {control}); not processed again"
            )
            archive_set_status(session, raw_id, "duplicate", error=why)
            self._announce(tx, "document.duplicate", raw_id, name, why)
            return
        ack = reading.ack
        first = reading.documents[0] if reading.documents else None
        source = getattr(first, "source", None)
        archive_describe(
            session,
            raw_id,
            partner=partner.id if partner else None,
            standard=source.standard if source else reading.standard,
            message_type=(source.message_type if source else None)
            or (ack.ack_type if ack else None),
            sender=sender,
            receiver=ack.receiver if ack else reading.receiver,
            interchange_control=control,
        )
        ack_sent = self._acknowledge(tx, reading, partner, raw_id)
        order_ids = [
            self._document(tx, doc, partner, raw_id, channel, ack_sent) for doc in reading.documents
        ]
        errors = "; ".join(e.one_line() for e in reading.errors) or None
        status = "parsed" if reading.documents else "rejected"
        first_order = next((o for o in order_ids if o), None)
        archive_set_status(session, raw_id, status, error=errors, order_id=first_order)
        refs = [("order_id", o) for o in order_ids if o]
        refs += [
            ("po_number", d.po_number) for d in reading.documents if getattr(d, "po_number", None)
        ]
        archive_add_refs(session, raw_id, refs)
        for error in reading.errors:
            self._announce(tx, "document.rejected", raw_id, name, error.one_line())

    # ---- steps -------------------------------------------------------------------------

    def _archived(self, session: Session, message: Incoming, channel: str) -> str:
        """The archive id the channel recorded; archive now if it came from elsewhere."""
        raw_id = message.headers.get(RAW_ID)
        if isinstance(raw_id, str) and archive_get(session, raw_id) is not None:
            return raw_id
        partner = message.headers.get(PARTNER)
        return archive_put(
            session,
            content=cxml.redact(message.body),
            direction="in",
            channel=channel,
            partner=str(partner) if partner else None,
        )

    def _partner(self, message: Incoming, reading: Reading) -> Partner | None:
        hint = message.headers.get(PARTNER)
        if isinstance(hint, str) and hint in self.partners.partners:
            return self.partners.get(hint)
        if reading.ack is not None:
            found = self.partners.find(reading.ack.standard, reading.ack.sender)
            if found:
                return found
        return self.partners.find(reading.standard, reading.sender)

    def _unauthenticated(
        self, data: bytes, reading: Reading, partner: Partner | None, name: str
    ) -> str | None:
        """Why a cXML document's credentials are not accepted, or None when they are.

        A partner whose profile names a shared secret must present it; the comparison
        is in constant time and the secret never reaches a log, an error or the archive.
        """
        ids = partner.identifiers.cxml if partner else None
        if (
            reading.standard != "cxml"
            or partner is None
            or ids is None
            or not ids.shared_secret_env
        ):
            return None
        expected = self.secrets.get(partner.id)
        where = f"{name}: /cXML/Header/Sender/Credential"
        if not expected:
            return f"{where}: cannot check {partner.id}'s shared secret: {ids.shared_secret_env} is not set [cxml 401]"
        try:
            _identity, _domain, secret = cxml.credentials(data, name=name)
        except DocumentError as error:
            return error.one_line()
        if not hmac.compare_digest(secret.encode("utf-8"), expected.encode("utf-8")):
            return (
                f"{where}: shared secret does not match the one on file for {partner.id} [cxml 401]"
            )
        return None

    def _acknowledge(
        self, tx: Transaction, reading: Reading, partner: Partner | None, raw_id: str
    ) -> bool:
        ack = reading.ack
        if ack is None or partner is None or not partner.ack.send:
            return False
        if reading.documents and all(isinstance(d, FunctionalAck) for d in reading.documents):
            return False  # an acknowledgement is never acknowledged
        tx.publish(
            OUTBOUND,
            f"out.{partner.id}.functional_ack",
            body_of(ack),
            headers={PARTNER: partner.id, RAW_ID: raw_id, DOCUMENT_TYPE: "functional_ack"},
        )
        return True

    def _document(
        self,
        tx: Transaction,
        document: Versioned,
        partner: Partner | None,
        raw_id: str,
        channel: str,
        ack_sent: bool,
    ) -> str | None:
        source = getattr(document, "source", None)
        if source is not None:
            document = document.model_copy(
                update={"source": source.model_copy(update={"channel": channel, "raw_id": raw_id})}
            )
        customer = partner.id if partner else f"unknown:{source.sender if source else '?'}"
        order_id = None
        if isinstance(document, Order):
            order_id = order_id_for(customer, document.po_number)
            document = document.model_copy(update={"id": order_id})
            if document.purpose == "original" and not self._record(
                tx, document, customer, raw_id, ack_sent
            ):
                return order_id  # the same PO again: flagged on its timeline, not re-routed
        headers = {
            PARTNER: partner.id if partner else "",
            RAW_ID: raw_id,
            DOCUMENT_TYPE: document.type,
        }
        if order_id:
            headers[ORDER_ID] = order_id
        tx.publish(EVENTS, event_key(document), body_of(document), headers=headers)
        return order_id

    def _record(
        self, tx: Transaction, order: Order, customer: str, raw_id: str, ack_sent: bool
    ) -> bool:
        assert order.id is not None
        progress = lc.start(order, order.id, acknowledged=ack_sent)
        detail = {
            "raw_id": raw_id,
            "po_number": order.po_number,
            "standard": order.source.standard if order.source else None,
        }
        if orderbook.create(
            tx.session, order, progress, customer=customer, cause=tx.cause_id, detail=detail
        ):
            return True
        view = orderbook.load(tx.session, order.id)
        if view is not None:
            orderbook.save(
                tx.session,
                view,
                view.progress,
                kind="duplicate_po",
                cause=tx.cause_id,
                detail=detail,
            )
        return False

    def _announce(self, tx: Transaction, kind: str, raw_id: str, name: str, why: str) -> None:
        tx.publish(
            EVENTS,
            kind,
            json_body({"raw_id": raw_id, "name": name, "error": why}),
            headers={RAW_ID: raw_id},
        )
