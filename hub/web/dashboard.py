"""The dashboard page, rendered on the server: plain HTML, a little CSS, no JavaScript.

Pure functions from already gathered data to a string. Every value that came from a
partner, a broker header or the database goes through ``html.escape``: a PO number is
whatever a customer typed, and may well be ``<script>``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from hub.web.trace import line_rows


class Html(str):
    """Markup that is already safe; everything else is escaped on output."""


def esc(value: Any) -> Html:
    if isinstance(value, Html):
        return value
    return Html(html.escape("-" if value is None or value == "" else str(value), quote=True))


def _short_time(value: Any) -> str:
    return "-" if not value else str(value)[:19].replace("T", " ")


def link(href: str, text: Any) -> Html:
    return Html(f'<a href="{esc(href)}">{esc(text)}</a>')


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], empty: str = "none") -> Html:
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    if not body:
        return Html(f'<p class="empty">{esc(empty)}</p>')
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    return Html(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def raw_link(archive_id: str) -> Html:
    return link(f"/api/archive/{quote(archive_id, safe='')}/raw", archive_id)


def messages_table(messages: list[dict[str, Any]]) -> Html:
    rows = [
        [
            _short_time(m.get("at")),
            m.get("direction"),
            m.get("channel"),
            m.get("partner"),
            f"{m.get('standard') or '-'} {m.get('message_type') or ''}".strip(),
            "/".join(
                str(m.get(k) or "-")
                for k in ("interchange_control", "group_control", "message_ref")
            ),
            m.get("status"),
            m.get("error"),
            raw_link(m["id"]),
        ]
        for m in messages
    ]
    headers = [
        "time",
        "dir",
        "channel",
        "partner",
        "standard",
        "controls",
        "status",
        "error",
        "raw",
    ]
    return table(headers, rows, "no messages")


def order_section(entry: dict[str, Any]) -> Html:
    lines = line_rows(entry.get("order", {}), entry.get("progress", {}))
    events = [
        [
            e.get("sequence"),
            _short_time(e.get("at")),
            e.get("kind"),
            f"{e.get('state_from') or '-'} → {e.get('state_to') or '-'}",
            e.get("cause"),
        ]
        for e in entry.get("events", [])
    ]
    api = f"/api/orders/{quote(entry['id'], safe='')}"
    return Html(
        f"<section><h3>Order {esc(entry['id'])} · PO {esc(entry['po_number'])}</h3>"
        f"<p>customer <b>{esc(entry['customer'])}</b> · state <b>{esc(entry['state'])}</b>"
        f" · version {esc(entry['version'])} · {link(api, 'JSON')}</p>"
        f"<h4>Lines</h4>{table(lines[0], lines[1:], 'no lines')}"
        f"<h4>Timeline</h4>{table(['#', 'time', 'kind', 'from → to', 'cause'], events)}"
        f"<h4>Messages</h4>{messages_table(entry.get('messages', []))}</section>"
    )


def trace_section(query: str, result: dict[str, Any]) -> Html:
    parts = [f"<h2>Trace of {esc(query)}</h2>"]
    parts += [order_section(entry) for entry in result["orders"]]
    if result["messages"]:
        head = "Other archived messages" if result["orders"] else "No order; archived messages"
        parts.append(f"<h3>{esc(head)}</h3>{messages_table(result['messages'])}")
    if not result["orders"] and not result["messages"]:
        parts.append(f'<p class="empty">nothing matches {esc(query)}</p>')
    return Html("".join(parts))


def queues_section(broker: dict[str, Any]) -> Html:
    if not broker["reachable"]:
        return Html(f'<h2>Queues</h2><p class="bad">broker unreachable: {esc(broker["error"])}</p>')
    rows = [
        [q["queue"], "not declared" if q["messages"] is None else q["messages"], q["consumers"]]
        for q in broker["queues"]
    ]
    return Html(f"<h2>Queues</h2>{table(['queue', 'ready', 'consumers'], rows)}")


def replay_button(message_id: str) -> Html:
    action = f"/parking/{quote(message_id, safe='')}/replay"
    return Html(
        f'<form method="post" action="{esc(action)}"><button type="submit">replay</button></form>'
    )


def parking_section(parked: list[dict[str, Any]] | None, error: str | None) -> Html:
    if parked is None:
        return Html(f'<h2>Parking lot</h2><p class="bad">{esc(error)}</p>')
    rows = [
        [
            p["id"],
            p["service"],
            _short_time(p["time"]),
            p["attempts"],
            p["error_class"],
            p["error"],
            f"{p['original_exchange']} {p['original_routing_key']}",
            replay_button(p["id"]),
        ]
        for p in parked
    ]
    headers = ["id", "service", "time", "attempts", "class", "error", "original", ""]
    return Html(f"<h2>Parking lot ({len(parked)})</h2>{table(headers, rows, 'empty')}")


def store_section(
    store: dict[str, Any] | None, failures: list[dict[str, Any]], error: str | None = None
) -> Html:
    if store is None:
        return Html(f'<h2>Database</h2><p class="bad">{esc(error or "database unreachable")}</p>')
    states = sorted(store["orders_per_state"].items())
    recent = sorted(store["archive_last_24h"].items())
    overdue = [
        [
            a["partner"],
            a["interchange_control"],
            _short_time(a["due_at"]),
            raw_link(a["archive_id"]),
        ]
        for a in store["overdue_acks"]
    ]
    return Html(
        f"<h2>Orders per state</h2>{table(['state', 'orders'], states)}"
        f"<h2>Messages, last 24 h</h2>{table(['status', 'messages'], recent)}"
        f"<h2>Recent failures</h2>{messages_table(failures)}"
        f"<h2>Overdue acknowledgements ({len(overdue)})</h2>"
        f"{table(['partner', 'interchange', 'due', 'message'], overdue)}"
    )


STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.4em 0 1em}
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}.bad{color:#b00;font-weight:bold}.empty{color:#777}
.note{background:#eef6ee;padding:.4em}.note.bad{background:#fbeaea}
form{display:inline;margin:0}section{border-top:2px solid #ddd;margin-top:1em}
"""


def page(
    *,
    query: str,
    trace: dict[str, Any] | None,
    broker: dict[str, Any],
    parked: list[dict[str, Any]] | None,
    parking_error: str | None,
    store: dict[str, Any] | None,
    store_error: str | None = None,
    failures: list[dict[str, Any]],
    note: str | None = None,
    note_bad: bool = False,
) -> str:
    """The whole dashboard; ``trace`` is shown when the engineer searched for something."""
    flash = f'<p class="note{" bad" if note_bad else ""}">{esc(note)}</p>' if note else ""
    search = (
        '<form method="get" action="/"><input name="q" size="40" '
        f'placeholder="PO number, order id, control number, archive id" value="{esc(query) if query else ""}">'
        ' <button type="submit">find</button></form>'
    )
    found = trace_section(query, trace) if trace is not None else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>orderhub</title><style>{STYLE}</style></head><body>"
        f"<h1>orderhub</h1>{flash}{search}{found}"
        f"{queues_section(broker)}{parking_section(parked, parking_error)}"
        f"{store_section(store, failures, store_error)}"
        '<p class="empty"><a href="/metrics">/metrics</a> · <a href="/healthz">/healthz</a></p>'
        "</body></html>"
    )
