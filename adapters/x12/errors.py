"""The X12 flavour of DocumentError: it also knows which acknowledgement segment carries it."""

from __future__ import annotations

from typing import Literal

from canonical import AckError, DocumentError, Position

# interchange -> TA105, group -> AK905, set -> AK502/IK502, segment -> AK304/IK304,
# element -> AK403/IK403
Kind = Literal["interchange", "group", "set", "segment", "element"]
LEVELS: dict[str, str] = {
    "interchange": "interchange",
    "group": "group",
    "set": "message",
    "segment": "message",
    "element": "message",
}


class X12Error(DocumentError):
    """A DocumentError that also carries the X12 ack level, the bad value and the loop."""

    def __init__(
        self,
        message: str,
        *,
        document: str = "",
        code: str,
        kind: Kind,
        tag: str | None = None,
        segment: int | None = None,
        element: int | None = None,
        component: int | None = None,
        value: str | None = None,
        loop: str | None = None,
    ) -> None:
        self.kind = kind
        self.value = value
        self.loop = loop
        super().__init__(
            message,
            document=document,
            position=Position(segment=segment, tag=tag, element=element, component=component),
            code=code,
            standard="x12",
            level=LEVELS[kind],
        )

    def ack_error(self) -> AckError:
        """The AckError as the 997/999 writer reads it: no segment position = AK5 code."""
        pos = self.position
        is_set = self.kind in ("set", "group", "interchange")
        return AckError(
            code=self.code or "",
            message=self.message[:500],
            segment_tag=pos.tag,
            segment_position=None if is_set else pos.segment,
            element=pos.element if self.kind == "element" else None,
            component=pos.component if self.kind == "element" else None,
            value=(self.value or None) if self.kind == "element" else None,
            loop_id=self.loop if not is_set else None,
        )
