"""One error hierarchy for the whole hub.

The consumer base decides from the class alone: a ``TransientError`` is retried with
growing delays, anything else ``PermanentError`` goes to the parking lot. Readers raise
``DocumentError``, which names the document, the position and the standard's own code so
that an acknowledgement can carry it and a person can find it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Position:
    """Where in a document: a segment (EDI) or an XML path, never both needed."""

    segment: int | None = None  # 1-based segment number (in the interchange or message)
    tag: str | None = None  # segment tag, e.g. "QTY" or "PO1"
    element: int | None = None  # 1-based element position within the segment
    component: int | None = None  # 1-based component position within the element
    xpath: str | None = None  # for XML documents
    line: int | None = None  # source line, when known

    def __str__(self) -> str:
        if self.xpath:
            return self.xpath if self.line is None else f"{self.xpath} (line {self.line})"
        parts: list[str] = []
        if self.segment is not None:
            parts.append(f"segment {self.segment}")
        if self.tag:
            parts.append(self.tag)
        if self.element is not None:
            ref = f"{self.tag or ''}{self.element:02d}" if self.tag else f"element {self.element}"
            if self.component is not None:
                ref += f"-{self.component}"
            parts.append(ref if self.tag else ref)
        return " ".join(parts) if parts else "document"


class OrderhubError(Exception):
    """Root of every error the hub raises on purpose."""

    transient: bool = False


class TransientError(OrderhubError):
    """Worth retrying: the cause is expected to go away (broker, database, partner down)."""

    transient = True


class PermanentError(OrderhubError):
    """Retrying cannot help: the message itself, or the configuration, is wrong."""


class ConfigError(PermanentError):
    """Bad configuration: names the file, the key and why."""

    def __init__(self, file: str, key: str, reason: str) -> None:
        self.file, self.key, self.reason = file, key, reason
        super().__init__(f"{file}: {key}: {reason}")


class DocumentError(PermanentError):
    """A document that cannot be read or does not conform to its standard.

    ``code`` is the standard's own error code where it has one (an EDIFACT syntax error
    code from UN/EDIFACT 0085, an X12 AK3/AK4/IK3/IK4/TA1 code, a cXML status).
    ``level`` says which envelope it breaks: "interchange", "group" or "message".
    """

    def __init__(
        self,
        message: str,
        *,
        document: str = "",
        position: Position | None = None,
        code: str | None = None,
        standard: str | None = None,
        level: str = "message",
    ) -> None:
        self.message = message
        self.document = document
        self.position = position or Position()
        self.code = code
        self.standard = standard
        self.level = level
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The single line a person sees on stderr or in the dashboard."""
        where = str(self.position)
        head = f"{self.document}: " if self.document else ""
        code = f" [{self.standard or 'code'} {self.code}]" if self.code else ""
        return f"{head}{where}: {self.message}{code}"
