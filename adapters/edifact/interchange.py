"""The interchange envelope: UNA/UNB detection, UNG/UNH/UNT/UNE/UNZ checks, per-message results.

Segments arrive in blocks (the whole file, or chunks from a stream) and messages leave as
soon as their UNT is seen, so memory stays bounded by the largest message. A broken
message is rejected alone; a broken interchange or group rejects everything under it,
which is what the CONTRL it produces says (UCI/UCF action 4).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError

from adapters.edifact import codes, contrl, desadv, invrpt, orders, ordrsp, recadv
from adapters.edifact.fields import FieldError, Message, number
from adapters.edifact.syntax import (
    BAD_CHARACTER,
    DEFAULT,
    ENCODINGS,
    LEVEL_B,
    Delimiters,
    RawSegment,
    split_segment,
    split_segments,
)
from canonical import AckError, DocumentError, FunctionalAck, GroupAck, MessageAck, Position, Source
from canonical.base import Versioned

MAPPERS: dict[str, Callable[[Message], Versioned]] = {
    "ORDERS": orders.parse,
    "ORDCHG": orders.parse,
    "ORDRSP": ordrsp.parse,
    "DESADV": desadv.parse,
    "INVRPT": invrpt.parse,
    "RECADV": recadv.parse,
    "CONTRL": contrl.parse,
}
ENVELOPE_TAGS = {"UNG", "UNE", "UNH", "UNT", "UNZ"}


def _directory_supported(version: str, release: str) -> bool:
    """Directories D93A to D01B (EANCOM subsets ride on these)."""
    if version != "D" or len(release) != 3 or not release[:2].isdigit():
        return False
    year = int(release[:2])
    year += 1900 if year >= 90 else 2000
    return (1993, "A") <= (year, release[2]) <= (2001, "B")


@dataclass
class MessageResult:
    """What one message gave: its document, or the errors that rejected it."""

    message_ref: str
    message_type: str
    group_control: str | None
    document: Versioned | None = None
    errors: list[DocumentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class InterchangeResult:
    """The end of an interchange: envelope errors and the hub's verdict (CONTRL source)."""

    ack: FunctionalAck
    errors: list[DocumentError]
    rejected_groups: set[str | None]
    sender: str | None
    receiver: str | None
    interchange_control: str | None

    @property
    def rejected(self) -> bool:
        return self.ack.status == "rejected"


@dataclass
class _Group:
    ref: str | None
    functional_id: str | None = None
    header: RawSegment | None = None
    errors: list[DocumentError] = field(default_factory=list)
    messages: list[MessageAck] = field(default_factory=list)
    received: int = 0
    accepted: int = 0


def _to_ack_error(err: DocumentError, in_message: bool) -> AckError:
    pos = err.position
    return AckError(
        code=err.code or codes.INVALID,
        message=err.message,
        segment_tag=pos.tag,
        segment_position=pos.segment if in_message else None,
        element=pos.element,
        component=pos.component,
    )


class InterchangeReader:
    """Feeds on byte blocks that end at a segment terminator; yields MessageResults."""

    def __init__(self, name: str = "", *, full_ack: bool = True) -> None:
        self.name = name
        self.full_ack = full_ack
        self.delimiters: Delimiters = DEFAULT
        self.encoding = "latin-1"
        self.count = 0  # segments so far, UNB = 1
        self.errors: list[DocumentError] = []
        self.groups: list[_Group] = [_Group(None)]
        self.group: _Group | None = None
        self.messages_outside = 0
        self.groups_seen = 0
        self.message: list[RawSegment] | None = None
        self.bad: dict[int, tuple[int, int]] = {}
        self.unz: RawSegment | None = None
        self.unb: RawSegment | None = None

    # -- opening -------------------------------------------------------------------------
    def open(self, head: bytes) -> int:
        """Read UNA and UNB from the first bytes; returns the offset after UNB's terminator."""

        def fail(
            message: str, element: int | None = None, code: str = codes.MISSING
        ) -> DocumentError:
            pos = (
                Position(segment=1, tag="UNB", element=element)
                if element
                else Position(segment=1, tag="UNB")
            )
            return DocumentError(
                message,
                document=self.name,
                position=pos,
                code=code,
                standard="edifact",
                level="interchange",
            )

        start = len(head) - len(head.lstrip(b"\xef\xbb\xbf\r\n\t "))
        data = head[start:]
        if not data:
            raise fail("empty file: no EDIFACT interchange")
        if data[:3] == b"UNA":
            if len(data) < 9:
                raise fail("truncated UNA service string advice", code=codes.MISSING)
            una = data[3:9].decode("latin-1")
            if len(set(una[:2] + una[3] + una[5])) < 4:
                raise fail(f"UNA service characters {una!r} are not distinct", code="20")
            self.delimiters = Delimiters.from_una(una)
            offset = start + 9
        elif data[:3] == b"UNB":
            self.delimiters = LEVEL_B if data[3:4] == b"\x1d" else DEFAULT
            offset = start
        else:
            raise fail("not an EDIFACT interchange: it starts with neither UNA nor UNB")
        term = self.delimiters.terminator.encode("latin-1")
        end = head.find(term, offset)
        if end < 0:
            raise fail("interchange ends before its UNB header is complete")
        raws = split_segments(head[offset:end].decode("latin-1"), self.delimiters)
        if not raws:
            raise fail("no UNB interchange header")
        unb = split_segment(raws[0], self.delimiters, 1)
        if unb.tag != "UNB":
            raise fail(f"the interchange starts with {unb.tag[:3]!r} instead of UNB")
        self.count = 1
        self.unb = unb
        for element, what in ((2, "sender"), (3, "recipient"), (5, "control reference")):
            if not unb.value(element).strip():
                raise fail(f"UNB interchange {what} is missing", element)
        syntax = unb.value(1, 1)
        version = unb.value(1, 2)
        if syntax not in ENCODINGS:
            self._interchange_error(
                unb,
                codes.SYNTAX_UNSUPPORTED,
                f"syntax identifier {syntax!r} is not supported",
                1,
                1,
            )
        else:
            self.encoding = ENCODINGS[syntax]
        if version not in ("1", "2", "3", "4"):
            self._interchange_error(
                unb, codes.SYNTAX_UNSUPPORTED, f"syntax version {version!r} is not supported", 1, 2
            )
        return end + 1

    # -- feeding -------------------------------------------------------------------------
    def feed(self, block: bytes) -> Iterator[MessageResult]:
        text = block.decode(self.encoding, "surrogateescape")
        check = BAD_CHARACTER.search(text) is not None
        d = self.delimiters
        for raw in split_segments(text, d):
            self.count += 1
            seg = split_segment(raw, d, self.count)
            if check and BAD_CHARACTER.search(raw):
                self._locate_bad(seg)
            yield from self._segment(seg)

    def _locate_bad(self, seg: RawSegment) -> None:
        for e, element in enumerate(seg.elements, 1):
            for c, component in enumerate(element, 1):
                if BAD_CHARACTER.search(component):
                    self.bad[seg.number] = (e, c)
                    return
        self.bad[seg.number] = (0, 0)

    def _segment(self, seg: RawSegment) -> Iterator[MessageResult]:
        tag = seg.tag
        if self.unz is not None:
            self._interchange_error(seg, codes.OUTSIDE, f"segment {tag[:3]!r} after UNZ")
            return
        if tag not in ENVELOPE_TAGS:
            if self.message is not None:
                self.message.append(seg)
            else:
                self._interchange_error(
                    seg, codes.OUTSIDE, f"segment {tag[:3]!r} outside any message"
                )
            return
        if tag == "UNH":
            if self.message is not None:
                yield self._close_message(None)
            if self.group is None:
                if self.groups_seen:
                    self._interchange_error(
                        seg, codes.MIXED, "message outside a group in an interchange with groups"
                    )
                self.messages_outside += 1
            self.message = [seg]
        elif tag == "UNT":
            if self.message is None:
                self._interchange_error(seg, codes.OUTSIDE, "UNT without UNH")
            else:
                self.message.append(seg)
                yield self._close_message(seg)
        elif tag == "UNG":
            if self.message is not None:
                yield self._close_message(None)
            if self.group is not None:
                self._close_group(None)
            if self.messages_outside:
                self._interchange_error(
                    seg, codes.MIXED, "functional group after messages outside groups"
                )
            self.groups_seen += 1
            self.group = _Group(seg.value(5).strip() or None, seg.value(1).strip() or None, seg)
            self.groups.append(self.group)
        elif tag == "UNE":
            if self.message is not None:
                yield self._close_message(None)
            if self.group is None:
                self._interchange_error(seg, codes.OUTSIDE, "UNE without UNG")
            else:
                self._close_group(seg)
        elif tag == "UNZ":
            if self.message is not None:
                yield self._close_message(None)
            if self.group is not None:
                self._close_group(None)
            self.unz = seg
            self._check_trailer(seg)

    # -- closing -------------------------------------------------------------------------
    def _interchange_error(
        self,
        seg: RawSegment | None,
        code: str,
        message: str,
        element: int | None = None,
        component: int | None = None,
    ) -> None:
        pos = Position(
            segment=seg.number if seg else None,
            tag=seg.tag[:3] if seg else None,
            element=element,
            component=component,
        )
        self.errors.append(
            DocumentError(
                message,
                document=self.name,
                position=pos,
                code=code,
                standard="edifact",
                level="interchange",
            )
        )

    def _check_trailer(self, unz: RawSegment) -> None:
        unb = self.unb
        assert unb is not None
        if unz.value(2).strip() != unb.value(5).strip():
            self._interchange_error(
                unz,
                codes.REFS_DIFFER,
                f"UNZ reference {unz.value(2)!r} differs from UNB {unb.value(5)!r}",
                2,
            )
        expected = self.groups_seen if self.groups_seen else self.messages_outside
        if unz.value(1).strip() != str(expected):
            self._interchange_error(
                unz, codes.COUNT_DIFFERS, f"UNZ count {unz.value(1)!r} but {expected} received", 1
            )

    def _close_group(self, une: RawSegment | None) -> None:
        group = self.group
        assert group is not None
        self.group = None

        def error(
            code: str, message: str, seg: RawSegment | None, element: int | None = None
        ) -> None:
            pos = Position(segment=seg.number if seg else self.count, tag="UNE", element=element)
            group.errors.append(
                DocumentError(
                    message,
                    document=self.name,
                    position=pos,
                    code=code,
                    standard="edifact",
                    level="group",
                )
            )

        if une is None:
            error(codes.MISSING, f"group {group.ref} has no UNE trailer", None)
            return
        if une.value(2).strip() != (group.ref or ""):
            error(
                codes.REFS_DIFFER,
                f"UNE reference {une.value(2)!r} differs from UNG {group.ref!r}",
                une,
                2,
            )
        if une.value(1).strip() != str(group.received):
            error(
                codes.COUNT_DIFFERS,
                f"UNE count {une.value(1)!r} but {group.received} messages received",
                une,
                1,
            )

    def _close_message(self, unt: RawSegment | None) -> MessageResult:
        segments = self.message or []
        self.message = None
        unh = segments[0]
        group = self.group or self.groups[0]
        ref = unh.value(1, 1).strip()
        mtype = unh.value(2, 1).strip()
        result = MessageResult(ref, mtype, group.ref)
        base = unh.number - 1

        def error(
            code: str,
            message: str,
            number: int,
            tag: str,
            element: int | None = None,
            component: int | None = None,
        ) -> None:
            pos = Position(segment=number - base, tag=tag[:3], element=element, component=component)
            text = f"message {ref or '?'} ({mtype or '?'}): {message}"
            result.errors.append(
                DocumentError(
                    text,
                    document=self.name,
                    position=pos,
                    code=code,
                    standard="edifact",
                    level="message",
                )
            )

        if not ref:
            error(codes.MISSING, "UNH message reference is missing", unh.number, "UNH", 1)
        elif len(ref) > 14:
            error(codes.TOO_LONG, "UNH message reference is longer than 14", unh.number, "UNH", 1)
        if unt is None:
            error(
                codes.MISSING,
                "message has no UNT trailer (truncated?)",
                segments[-1].number + 1,
                "UNT",
            )
        else:
            try:
                count = number(unt, 1, required=True)
                if count != len(segments):
                    error(
                        codes.COUNT_DIFFERS,
                        f"UNT count {unt.value(1)!r} but the message has {len(segments)} segments",
                        unt.number,
                        "UNT",
                        1,
                    )
            except FieldError as exc:
                error(exc.code, exc.message, unt.number, "UNT", 1)
            if unt.value(2).strip() != ref:
                error(
                    codes.REFS_DIFFER,
                    f"UNT reference {unt.value(2)!r} differs from UNH {ref!r}",
                    unt.number,
                    "UNT",
                    2,
                )
        version, release = unh.value(2, 2).strip(), unh.value(2, 3).strip()
        if mtype not in MAPPERS:
            error(
                codes.NOT_SUPPORTED_VALUE,
                f"message type {mtype!r} is not supported",
                unh.number,
                "UNH",
                2,
                1,
            )
        elif mtype != "CONTRL" and not _directory_supported(version, release):
            error(
                codes.NOT_SUPPORTED_VALUE,
                f"directory {version}:{release} is not supported (D93A to D01B)",
                unh.number,
                "UNH",
                2,
                3,
            )
        for seg in segments:
            if seg.number in self.bad:
                e, c = self.bad[seg.number]
                error(
                    codes.BAD_CHARACTER,
                    f"{seg.tag[:3]} holds bytes outside the declared character set ({self.encoding})",
                    seg.number,
                    seg.tag,
                    e or None,
                    c or None,
                )
                break
        if not result.errors:
            result.document = self._map(segments, unt, ref, mtype, version + release, group, error)
        self.bad.clear()
        group.received += 1
        status = "rejected" if result.errors else "accepted"
        if result.document is not None:
            group.accepted += 1
        if self.full_ack or result.errors:
            group.messages.append(
                MessageAck(
                    message_ref=ref or "?",
                    message_type=mtype or "?",
                    status=status,
                    errors=[_to_ack_error(e, True) for e in result.errors],
                )
            )
        return result

    def _map(self, segments, unt, ref, mtype, directory, group, error) -> Versioned | None:  # type: ignore[no-untyped-def]
        unb = self.unb
        assert unb is not None and unt is not None
        source = Source(
            standard="edifact",
            version=directory or None,
            message_type=mtype,
            sender=unb.value(2, 1).strip(),
            sender_qualifier=unb.value(2, 2).strip() or None,
            receiver=unb.value(3, 1).strip(),
            receiver_qualifier=unb.value(3, 2).strip() or None,
            interchange_control=unb.value(5).strip(),
            group_control=group.ref,
            message_ref=ref,
            test=unb.value(11).strip() == "1",
        )
        msg = Message(
            ref=ref,
            type=mtype,
            version=directory,
            association=segments[0].value(2, 5).strip() or None,
            header=segments[0],
            segments=segments[1:-1],
            source=source,
            trailer_number=unt.number,
        )
        try:
            return MAPPERS[mtype](msg)
        except FieldError as exc:
            error(
                exc.code,
                exc.message,
                exc.number or unt.number,
                exc.tag or "UNH",
                exc.element,
                exc.component,
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            error(
                codes.INVALID, f"invalid value for {where}: {first.get('msg')}", unt.number, "UNT"
            )
        except Exception as exc:  # noqa: BLE001 - a reader never lets a message crash the interchange
            error("18", f"unreadable content: {type(exc).__name__}: {exc}", unt.number, "UNT")
        return None

    # -- finishing -----------------------------------------------------------------------
    def finish(self) -> InterchangeResult:
        """Close whatever is open at end of input and build the hub's verdict."""
        results: list[MessageResult] = []
        if self.unz is None:
            if self.message is not None:
                results.append(self._close_message(None))
            if self.group is not None:
                self._close_group(None)
            pos = Position(segment=self.count + 1, tag="UNZ")
            self.errors.append(
                DocumentError(
                    "interchange has no UNZ trailer (truncated?)",
                    document=self.name,
                    position=pos,
                    code=codes.MISSING,
                    standard="edifact",
                    level="interchange",
                )
            )
        received = sum(g.received for g in self.groups)
        if received == 0 and not self.errors:
            self._interchange_error(self.unz, "32", "interchange holds no message")
        self.pending = results
        return self._verdict()

    def _verdict(self) -> InterchangeResult:
        unb = self.unb
        assert unb is not None
        rejected_all = bool(self.errors)
        group_acks: list[GroupAck] = []
        rejected_groups: set[str | None] = set()
        errors = list(self.errors)
        total = accepted = 0
        for group in self.groups:
            if group.ref is None and group.received == 0 and group.header is None:
                continue
            rejected = rejected_all or bool(group.errors)
            if rejected:
                rejected_groups.add(group.ref)
            errors += group.errors
            messages = group.messages
            if rejected:
                messages = [m.model_copy(update={"status": "rejected"}) for m in messages]
            ok = 0 if rejected else group.accepted
            total += group.received
            accepted += ok
            status = (
                "rejected"
                if rejected or (group.received and not ok)
                else ("accepted" if ok == group.received else "partially_accepted")
            )
            group_acks.append(
                GroupAck(
                    group_control=group.ref,
                    functional_id=group.functional_id,
                    status=status,
                    received=group.received,
                    accepted=ok,
                    errors=[_to_ack_error(e, False) for e in group.errors],
                    messages=messages,
                )
            )
        if rejected_all or (total and not accepted):
            status = "rejected"
        elif accepted == total:
            status = "accepted"
        else:
            status = "partially_accepted"
        ack = FunctionalAck(
            standard="edifact",
            ack_type="CONTRL",
            version=unb.value(1, 2).strip() or None,
            sender=unb.value(2, 1).strip(),
            sender_qualifier=unb.value(2, 2).strip() or None,
            receiver=unb.value(3, 1).strip(),
            receiver_qualifier=unb.value(3, 2).strip() or None,
            interchange_control=unb.value(5).strip(),
            interchange_date=unb.value(4, 1).strip() or None,
            interchange_time=unb.value(4, 2).strip() or None,
            status=status,
            errors=[_to_ack_error(e, False) for e in self.errors],
            groups=group_acks,
        )
        return InterchangeResult(
            ack=ack,
            errors=errors,
            rejected_groups=rejected_groups,
            sender=ack.sender,
            receiver=ack.receiver,
            interchange_control=ack.interchange_control,
        )
