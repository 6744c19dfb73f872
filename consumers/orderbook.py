"""Orders as the services see them: the canonical order, its progress, and a CAS save.

Every state change is a compare-and-set on the order's version inside the service's
transaction, with its event on the timeline; a lost race raises ``StoreConflict``
(transient), so the consumer base retries the message against the new version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from canonical import Order
from canonical.lifecycle import OrderProgress
from hub.store.errors import StoreConflict
from hub.store.orders import (
    EventSpec,
    OrderRecord,
    events_append,
    order_get,
    order_insert,
    order_transition,
)


@dataclass(frozen=True)
class OrderView:
    record: OrderRecord
    order: Order
    progress: OrderProgress
    extra: dict[str, Any]  # plan and other per-order facts the services keep

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def customer(self) -> str:
        return self.record.customer


def _document(order: Order, progress: OrderProgress, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "order": order.model_dump(mode="json", exclude_none=True),
        "progress": progress.model_dump(mode="json"),
        **extra,
    }


def load(session: Session, order_id: str) -> OrderView | None:
    record = order_get(session, order_id)
    if record is None:
        return None
    doc = dict(record.document)
    order = Order.model_validate(doc.pop("order"))
    progress = OrderProgress.model_validate(doc.pop("progress"))
    return OrderView(record, order, progress, doc)


def create(
    session: Session,
    order: Order,
    progress: OrderProgress,
    *,
    customer: str,
    cause: str,
    detail: dict[str, Any],
) -> bool:
    """Insert the order with its first events; False when it already exists."""
    events: list[EventSpec] = [("received", None, "received", cause, detail)]
    if progress.state != "received":
        events.append(("acknowledged", "received", progress.state, cause, {}))
    return order_insert(
        session,
        id=progress.order_id,
        po_number=order.po_number,
        customer=customer,
        state=progress.state,
        document=_document(order, progress, {}),
        events=events,
    )


def note(
    session: Session, order_id: str, kind: str, *, cause: str, detail: dict[str, Any] | None = None
) -> bool:
    """An event that changes nothing (a document sent, an acknowledgement in) goes on the
    timeline alone; False when there is no such order."""
    try:
        events_append(session, order_id, kind, cause=cause, detail=detail)
    except LookupError:
        return False
    return True


def save(
    session: Session,
    view: OrderView,
    progress: OrderProgress,
    *,
    kind: str,
    cause: str,
    detail: dict[str, Any] | None = None,
    order: Order | None = None,
    extra: dict[str, Any] | None = None,
) -> OrderView:
    """Compare-and-set the new progress; append one event saying what and why.

    An event that changes nothing (a document sent, an acknowledgement in) only goes on
    the timeline: the order's document is neither rewritten nor its version bumped, so
    it races with nobody.
    """
    if order is None and extra is None and progress == view.progress:
        note(session, view.id, kind, cause=cause, detail=detail)
        return view
    order = order or view.order
    extra = view.extra if extra is None else extra
    document = _document(order, progress, extra)
    before, after = view.progress.state, progress.state
    event = order_transition(
        session, view.id, view.record.version, kind=kind, state_from=before,
        state_to=after if after != before else None, cause=cause, detail=detail,
        state=after, document=document,
    )  # fmt: skip
    if event is None:
        raise StoreConflict(
            f"order {view.id} changed under us (version {view.record.version}); retrying"
        )
    # what the row now holds, without reading it back: the CAS above proved nobody else wrote
    record = replace(view.record, state=after, version=view.record.version + 1, document=document)
    return OrderView(record, order, progress, extra)
