"""The trace as text for a terminal: pure functions from the trace JSON to lines."""

from __future__ import annotations

from typing import Any

from hub.web.trace import line_rows


def _v(value: Any) -> str:
    return "-" if value is None or value == "" else str(value)


def _short_time(value: str | None) -> str:
    """``2024-05-01T10:00:00.123456+00:00`` -> ``2024-05-01 10:00:00``: enough to read."""
    return _v(value)[:19].replace("T", " ")


def _table(rows: list[list[str]], indent: str = "    ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        indent
        + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def message_lines(messages: list[dict[str, Any]], indent: str = "    ") -> list[str]:
    if not messages:
        return [f"{indent}(none)"]
    rows = [["time", "dir", "channel", "partner", "standard", "type", "controls", "status", "id"]]
    errors: dict[int, str] = {}
    for m in messages:
        controls = "/".join(
            _v(m.get(k)) for k in ("interchange_control", "group_control", "message_ref")
        )
        rows.append(
            [
                _short_time(m.get("at")),
                _v(m.get("direction")),
                _v(m.get("channel")),
                _v(m.get("partner")),
                _v(m.get("standard")),
                _v(m.get("message_type")),
                controls,
                _v(m.get("status")),
                _v(m.get("id")),
            ]
        )
        if m.get("error"):
            errors[len(rows) - 1] = str(m["error"])
    out: list[str] = []
    for index, text in enumerate(_table(rows, indent)):
        out.append(text)
        if index in errors:
            out.append(f"{indent}  error: {errors[index]}")
    return out


def event_lines(events: list[dict[str, Any]], indent: str = "    ") -> list[str]:
    if not events:
        return [f"{indent}(none)"]
    rows = [["#", "time", "kind", "from -> to", "cause"]]
    for e in events:
        change = (
            f"{_v(e.get('state_from'))} -> {_v(e.get('state_to'))}"
            if e.get("state_from") or e.get("state_to")
            else ""
        )
        rows.append(
            [
                _v(e.get("sequence")),
                _short_time(e.get("at")),
                _v(e.get("kind")),
                change,
                _v(e.get("cause")),
            ]
        )
    return _table(rows, indent)


def order_lines(entry: dict[str, Any]) -> list[str]:
    order, progress = entry.get("order", {}), entry.get("progress", {})
    lines = [
        f"Order {entry['id']}  PO {entry['po_number']}  customer {entry['customer']}  "
        f"state {entry['state']}  version {entry['version']}",
        f"  created {_short_time(entry.get('created_at'))}  "
        f"updated {_short_time(entry.get('updated_at'))}",
        "  Lines:",
    ]
    rows = line_rows(order, progress)
    lines += _table(rows) if len(rows) > 1 else ["    (none)"]
    lines += ["  Timeline:", *event_lines(entry.get("events", []))]
    lines += ["  Messages:", *message_lines(entry.get("messages", []))]
    return lines


def trace_lines(text: str, result: dict[str, Any]) -> list[str]:
    """The whole trace; an order-less match says so, so the engineer knows what was found."""
    lines: list[str] = []
    for entry in result["orders"]:
        lines += [*order_lines(entry), ""]
    loose = result["messages"]
    if loose:
        head = (
            f"Other archived messages matching {text!r}:"
            if result["orders"]
            else f"No order matches {text!r}; archived messages that do:"
        )
        lines += [head, *message_lines(loose, indent="  ")]
    return lines
