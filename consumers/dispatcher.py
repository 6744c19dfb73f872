"""The dispatcher: every work item and outbound document, in the partner's own standard.

Renders with the partner's profile (standard, version, identifiers, control numbers
from the store), archives the bytes, sends them on the partner's channel (tenacity
retries a flaky folder or server; giving up is a transient error the consumer base
retries later) and records the acknowledgement it now expects, with its due time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from tenacity import (
    RetryError,
    retry,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from adapters.channels.filedrop import write_file
from canonical import FunctionalAck, Order, WorkItem
from canonical import lifecycle as lc
from canonical.base import Versioned
from canonical.errors import PermanentError, TransientError
from consumers import orderbook
from consumers.documents import purchase_order_for
from consumers.messages import ORDER_ID, PARTNER, document_of
from hub.bus.consumer import Service, Transaction
from hub.bus.incoming import Incoming
from hub.bus.topology import OUTBOUND, WORK, Binding
from hub.outbound import Rendered, render_ack, render_document
from hub.partners import Partner, PartnerDirectory, party_of
from hub.store.acks import expect_ack
from hub.store.archive import archive_put
from hub.store.counters import lock_counters
from hub.store.types import utcnow
from hub.store.work import work_set_status


def _partner_id(message: Incoming) -> str:
    return str(message.headers.get(PARTNER) or message.routing_key.split(".")[1])


class ChannelDown(TransientError):
    """The partner's channel did not take the document; the message is retried later."""


@retry(
    retry=retry_if_exception_type(OSError),
    stop=stop_after_attempt(3),
    wait=wait_exponential(multiplier=0.1, max=1),
    reraise=False,
)
def _write(folder: Path, name: str, content: bytes) -> Path:
    return write_file(folder, name, content)


class Dispatcher(Service):
    name = "dispatcher"
    bindings = (Binding(WORK, "work.#"), Binding(OUTBOUND, "out.#"))

    def __init__(
        self, partners: PartnerDirectory, *, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.partners = partners
        self.clock = clock

    def prepare(self, session: Session, messages: Sequence[Incoming]) -> None:
        lock_counters(session, (_partner_id(m) for m in messages))

    def handle(self, message: Incoming, tx: Transaction) -> None:
        document = document_of(message.body)
        partner = self.partners.get(_partner_id(message))
        now = self.clock()
        order_id = str(message.headers.get(ORDER_ID) or "") or None
        view = None
        if isinstance(document, WorkItem):
            view = orderbook.load(tx.session, order_id) if order_id else None
            if view is None:
                raise lc.TooEarly(f"work {document.id}: order {document.order_id} not recorded yet")
            rendered = self._work_order(tx, partner, document, view.order, now)
        elif isinstance(document, FunctionalAck):
            rendered = render_ack(tx.session, self.partners, document, now=now)
        else:
            rendered = render_document(tx.session, self.partners, partner, document, now=now)
        raw_id = self._record(tx, partner, rendered, document, order_id=order_id, now=now)
        detail = {"to": partner.id, "raw_id": raw_id, "standard": rendered.standard,
                  "message_type": rendered.message_type}  # fmt: skip
        if view is not None and isinstance(document, WorkItem):
            self._advance(tx, view, document, detail, raw_id, now)
        elif order_id:  # a document to the customer: on the timeline, the order unchanged
            orderbook.note(tx.session, order_id, f"sent_{document.type}", cause=tx.cause_id,
                           detail=detail)  # fmt: skip
        # last, once every handler of the transaction has succeeded: a rolled-back
        # transaction never leaves a file behind on the partner's channel
        tx.before_commit(lambda: self._deliver(partner, rendered))

    def _advance(
        self,
        tx: Transaction,
        view: orderbook.OrderView,
        work: WorkItem,
        detail: dict[str, Any],
        raw_id: str,
        now: datetime,
    ) -> None:
        progress, kind = view.progress, f"sent_{work.purpose}"
        detail = {**detail, "work": work.id}
        if work.purpose == "original":
            work_set_status(tx.session, work.id, "sent", sent_archive_id=raw_id, now=now)
            kind = "dispatched" if work.kind != "supply" else "dispatched_supply"
            if work.kind != "supply":  # parts for a kit move no customer line
                progress = lc.dispatched(view.progress, work.id)
        orderbook.save(tx.session, view, progress, kind=kind, cause=tx.cause_id, detail=detail)

    def _work_order(
        self, tx: Transaction, partner: Partner, work: WorkItem, order: Order, now: datetime
    ) -> Rendered:
        us = party_of(self.partners.self_partner)
        deliver_to = (
            party_of(self.partners.get(work.deliver_to_node)) if work.deliver_to_node else None
        )
        purchase = purchase_order_for(
            work, order, us=us, node=party_of(partner), today=now.date(), deliver_to=deliver_to
        )
        message_type = None
        if (
            partner.outbound
            and partner.outbound.standard == "x12"
            and partner.has_role("3pl")
            and work.kind == "ship"
        ):
            message_type = "940"  # a 3PL gets a warehouse shipping order
        return render_document(
            tx.session, self.partners, partner, purchase, now=now, message_type=message_type
        )

    def _record(
        self,
        tx: Transaction,
        partner: Partner,
        rendered: Rendered,
        document: Versioned,
        *,
        order_id: str | None,
        now: datetime,
    ) -> str:
        out = partner.outbound
        if out is None:
            raise PermanentError(f"partner {partner.id} has no outbound channel in its profile")
        env = rendered.envelope
        raw_id = archive_put(
            tx.session,
            content=rendered.content,
            direction="out",
            channel=out.channel,
            status="sent",
            partner=partner.id,
            standard=rendered.standard,
            message_type=rendered.message_type,
            sender=env.sender,
            receiver=env.receiver,
            interchange_control=str(env.interchange_control),
            group_control=str(env.group_control) if env.group_control is not None else None,
            order_id=order_id,
            at=now,
        )
        expects = partner.ack.expect and rendered.standard in ("edifact", "x12")
        if expects and not isinstance(document, FunctionalAck):
            expect_ack(
                tx.session, partner.id, raw_id, str(env.interchange_control), now + partner.ack.due,
                group_control=str(env.group_control) if env.group_control is not None else None,
            )  # fmt: skip
        return raw_id

    def _deliver(self, partner: Partner, rendered: Rendered) -> None:
        """Put the bytes on the partner's channel. A failure rolls the whole step back and
        the message is retried; a retry renders the same control numbers (the counters
        rolled back too), so the partner never sees two numbers for one document."""
        out = partner.outbound
        assert out is not None
        try:
            _write(Path(out.address), rendered.file_name, rendered.content)
        except RetryError as exc:
            raise ChannelDown(
                f"{partner.id}: cannot write to {out.address}: {exc.last_attempt.exception()}"
            ) from exc
