"""The HTTP side of the hub: /metrics, /healthz, a JSON API and the dashboard.

Endpoints are plain (not async) functions: the store and pika block, and Starlette
runs such endpoints in its thread pool, so a slow broker never stalls the event loop.
A database or broker that does not answer is a 503 with one line saying which.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

import sqlalchemy as sa
from pika.exceptions import AMQPError
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from canonical.errors import OrderhubError
from hub.bus import parking
from hub.context import Context
from hub.metrics import Metrics
from hub.store import archive_get
from hub.web import dashboard
from hub.web.parking import parked_json
from hub.web.status import (
    broker_json,
    broker_status,
    known_services,
    queue_names,
    recent_failures,
    store_status,
)
from hub.web.trace import message_json, trace, trace_order

_UNAVAILABLE = (OrderhubError, sa.exc.SQLAlchemyError, AMQPError, OSError)


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return (text.splitlines() or [type(exc).__name__])[0]


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class Api:
    """The endpoints, bound to one hub's context and metrics registry."""

    def __init__(self, context: Context, metrics: Metrics) -> None:
        self.context = context
        self.metrics = metrics

    @property
    def amqp_url(self) -> str:
        return self.context.settings.amqp_url

    def _read(self, work: Any) -> Any:
        with self.context.store.read() as session:
            return work(session)

    def metrics_endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    def healthz(self, request: Request) -> JSONResponse:
        try:
            self._read(lambda s: s.execute(sa.text("SELECT 1")))
        except _UNAVAILABLE as exc:
            return JSONResponse(
                {"status": "unavailable", "database": _reason(exc)}, status_code=503
            )
        return JSONResponse({"status": "ok"})

    def orders(self, request: Request) -> JSONResponse:
        query = request.query_params.get("q", "").strip()
        if not query:
            return _error(400, "give ?q=<PO number, order id or control number>")
        try:
            return JSONResponse(self._read(lambda s: trace(s, query)))
        except _UNAVAILABLE as exc:
            return _error(503, f"database unreachable: {_reason(exc)}")

    def order(self, request: Request) -> JSONResponse:
        order_id = request.path_params["order_id"]
        try:
            found = self._read(lambda s: trace_order(s, order_id))
        except _UNAVAILABLE as exc:
            return _error(503, f"database unreachable: {_reason(exc)}")
        return _error(404, f"no order {order_id}") if found is None else JSONResponse(found)

    def _archived(self, request: Request) -> tuple[str, Any]:
        """(archive id, the record or the error response to send instead)."""
        archive_id = request.path_params["archive_id"]
        try:
            record = self._read(lambda s: archive_get(s, archive_id))
        except _UNAVAILABLE as exc:
            return archive_id, _error(503, f"database unreachable: {_reason(exc)}")
        if record is None:
            return archive_id, _error(404, f"no archived message {archive_id}")
        return archive_id, record

    def archive(self, request: Request) -> Response:
        _archive_id, record = self._archived(request)
        if isinstance(record, Response):
            return record
        return JSONResponse(message_json(record))

    def archive_raw(self, request: Request) -> Response:
        archive_id, record = self._archived(request)
        if isinstance(record, Response):
            return record
        disposition = f"attachment; filename*=UTF-8''{quote(archive_id, safe='')}"
        return Response(
            record.content or b"",
            media_type="application/octet-stream",
            headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
        )

    def parking_list(self, request: Request) -> JSONResponse:
        service = request.query_params.get("service")
        try:
            found = parking.list_parked(self.amqp_url, limit=parking.SCAN_LIMIT)
        except _UNAVAILABLE as exc:
            return _error(503, f"broker unreachable: {_reason(exc)}")
        return JSONResponse(
            [parked_json(p) for p in found if service is None or p.service == service]
        )

    def _replay(self, message_id: str) -> tuple[int, str]:
        try:
            done = parking.replay(self.amqp_url, [message_id])
        except _UNAVAILABLE as exc:
            return 503, f"replay of {message_id} failed: {_reason(exc)}"
        if message_id not in done:
            return 404, f"no parked message {message_id}"
        return 200, f"replayed {message_id}"

    def parking_replay(self, request: Request) -> JSONResponse:
        message_id = request.path_params["message_id"]
        status, text = self._replay(message_id)
        if status != 200:
            return _error(status, text)
        return JSONResponse({"replayed": [message_id]})

    def dashboard_replay(self, request: Request) -> Response:
        """The dashboard's replay button: a form POST, answered by a redirect to the page."""
        if not _same_origin(request):
            return HTMLResponse("cross-site form post refused", status_code=403)
        status, text = self._replay(request.path_params["message_id"])
        flag = "note" if status == 200 else "error"
        return RedirectResponse(f"/?{flag}={quote(text, safe='')}", status_code=303)

    def dashboard(self, request: Request) -> HTMLResponse:
        query = request.query_params.get("q", "").strip()
        settings = self.context.settings
        broker = broker_json(
            broker_status(self.amqp_url, queue_names(known_services(), settings.bus.retry_tiers))
        )
        parked: list[dict[str, Any]] | None = None
        parking_error: str | None = None
        try:
            parked = [parked_json(p) for p in parking.list_parked(self.amqp_url, limit=200)]
        except _UNAVAILABLE as exc:
            parking_error = f"parking lot unavailable: {_reason(exc)}"
        store = failures = found = None
        db_error: str | None = None
        try:
            store, failures, found = self._read(
                lambda s: (
                    store_status(s, datetime.now(UTC)),
                    recent_failures(s),
                    trace(s, query) if query else None,
                )
            )
        except _UNAVAILABLE as exc:
            db_error = f"database unreachable: {_reason(exc)}"
        error = request.query_params.get("error")
        body = dashboard.page(
            query=query,
            trace=found,
            broker=broker,
            parked=parked,
            parking_error=parking_error,
            store=store,
            store_error=db_error,
            failures=failures or [],
            note=error or request.query_params.get("note"),
            note_bad=error is not None,
        )
        return HTMLResponse(body, status_code=200 if store is not None else 503)


def _same_origin(request: Request) -> bool:
    """A browser names the page a form came from: refuse posts from other sites."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def create_app(context: Context, metrics: Metrics | None = None) -> Starlette:
    """The hub's web app; ``metrics`` is the running hub's registry (a fresh one if None)."""
    api = Api(context, metrics or Metrics())
    routes = [
        Route("/metrics", api.metrics_endpoint),
        Route("/healthz", api.healthz),
        Route("/api/orders", api.orders),
        Route("/api/orders/{order_id:path}", api.order),
        Route("/api/archive/{archive_id}/raw", api.archive_raw),
        Route("/api/archive/{archive_id}", api.archive),
        Route("/api/parking", api.parking_list),
        Route("/api/parking/{message_id:path}/replay", api.parking_replay, methods=["POST"]),
        Route("/parking/{message_id:path}/replay", api.dashboard_replay, methods=["POST"]),
        Route("/", api.dashboard),
    ]
    app = Starlette(routes=routes)
    app.state.api = api
    return app
