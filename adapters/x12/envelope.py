"""The ISA/GS/ST nesting and its control checks (TA1, AK9, AK5 codes), one segment at a time.

The walker takes segments already split into elements, so ``read`` (whole file) and
``iter_transactions`` (chunks) share it: sets come out as soon as their SE is seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.x12.elements import parse_date
from adapters.x12.errors import X12Error
from adapters.x12.syntax import Isa

_ACK_REQUESTED = frozenset({"0", "1"})
_USAGE = frozenset({"P", "T", "I"})


@dataclass
class TxSet:
    """One ST..SE transaction set with the envelope errors found around it."""

    type: str
    control: str
    segments: list[list[str]]  # ST first, SE last (when present)
    start: int  # position of ST within the interchange
    group: Group
    errors: list[X12Error] = field(default_factory=list)


@dataclass
class Group:
    functional_id: str
    control: str
    version: str
    date: str
    time: str
    sender: str
    receiver: str
    count: int = 0  # transaction sets seen
    errors: list[X12Error] = field(default_factory=list)
    sets: list[TxSet] = field(default_factory=list)  # only kept by ``read``


@dataclass
class Interchange:
    isa: Isa
    groups: list[Group] = field(default_factory=list)
    errors: list[X12Error] = field(default_factory=list)
    ta1: list[list[str]] = field(default_factory=list)  # interchange acks the partner sent

    @property
    def control(self) -> str:
        return self.isa.get(13)


class Walker:
    """Follows one interchange segment by segment; completed sets are queued in ``ready``."""

    def __init__(self, isa: Isa, name: str, *, keep_sets: bool = True) -> None:
        self.name = name
        self.keep_sets = keep_sets
        self.interchange = Interchange(isa=isa)
        self.count = 1
        self.group: Group | None = None
        self.tx: TxSet | None = None
        self.done = False
        self.ready: list[TxSet] = []
        if isa.width_error is not None:
            self.interchange.errors.append(isa.width_error)
        else:
            self._check_isa(isa)

    def _ta1(self, code: str, message: str, tag: str, element: int | None = None) -> None:
        self.interchange.errors.append(
            X12Error(
                message,
                document=self.name,
                code=code,
                kind="interchange",
                tag=tag,
                segment=self.count,
                element=element,
            )  # fmt: skip
        )

    def _check_isa(self, isa: Isa) -> None:
        checks = (
            (13, "018", isa.get(13).isdigit(), "ISA13 control number must be 9 digits"),
            (9, "014", parse_date(isa.get(9)) is not None, "ISA09 is not a YYMMDD date"),
            (10, "015", _is_hhmm(isa.get(10)), "ISA10 is not an HHMM time"),
            (12, "017", isa.get(12).isdigit(), "ISA12 is not a version number"),
            (14, "019", isa.get(14) in _ACK_REQUESTED, "ISA14 must be 0 or 1"),
            (15, "020", isa.get(15) in _USAGE, "ISA15 must be P, T or I"),
        )
        for element, code, ok, message in checks:
            if not ok:
                self._ta1(code, message, "ISA", element)
                return

    def feed(self, f: list[str]) -> None:
        self.count += 1
        tag = f[0]
        tx = self.tx
        if tx is not None:
            if tag == "SE":
                tx.segments.append(f)
                self._close_set(tx, f)
                return
            if tag not in ("ST", "GE", "GS", "IEA"):
                tx.segments.append(f)
                return
            tx.errors.append(self._set_error(tx, "2", "transaction set trailer SE missing", "SE"))
            self._finish_set(tx)
        if self.done:
            self._ta1("022", f"segment {tag} after the IEA trailer", tag)
        elif tag == "ST":
            self._open_set(f)
        elif tag == "GS":
            if self.group is not None:
                self._group_error(self.group, "3", "functional group trailer GE missing", "GE")
            self._open_group(f)
        elif tag == "GE":
            self._close_group(f)
        elif tag == "IEA":
            self._close_interchange(f)
        elif tag == "TA1" and self.group is None:
            self.interchange.ta1.append(f)
        else:
            self._ta1("024", f"segment {tag} outside a transaction set", tag)

    def finish(self) -> None:
        """End of data: whatever is still open is missing its trailer."""
        if self.tx is not None:
            tx = self.tx
            tx.errors.append(self._set_error(tx, "2", "transaction set trailer SE missing", "SE"))
            self._finish_set(tx)
        if self.group is not None:
            self._group_error(self.group, "3", "functional group trailer GE missing", "GE")
            self.group = None
        if not self.done:
            self.count += 1
            self._ta1("023", "interchange ends without its IEA trailer", "IEA")
            self.done = True

    # -- sets --------------------------------------------------------------------------
    def _open_set(self, f: list[str]) -> None:
        group = self.group
        if group is None:
            self._ta1("024", "ST outside a functional group (no GS)", "ST")
            group = Group("", "", "", "", "", "", "")
        set_type = f[1].strip() if len(f) > 1 else ""
        control = f[2].strip() if len(f) > 2 else ""
        tx = TxSet(type=set_type, control=control, segments=[f], start=self.count, group=group)
        if not set_type:
            tx.errors.append(self._set_error(tx, "6", "ST01 transaction set identifier missing"))
        elif not control:
            tx.errors.append(
                self._set_error(tx, "7", "ST02 transaction set control number missing")
            )
        self.tx = tx

    def _close_set(self, tx: TxSet, se: list[str]) -> None:
        count = se[1].strip() if len(se) > 1 else ""
        control = se[2].strip() if len(se) > 2 else ""
        if count != str(len(tx.segments)):
            tx.errors.append(
                self._set_error(
                    tx,
                    "4",
                    f"SE01 says {count or 'nothing'}, the set has {len(tx.segments)} segments",
                )
            )
        if control != tx.control:
            tx.errors.append(
                self._set_error(tx, "3", f"SE02 {control!r} does not match ST02 {tx.control!r}")
            )
        self._finish_set(tx)

    def _finish_set(self, tx: TxSet) -> None:
        tx.group.count += 1
        if self.keep_sets and self.group is tx.group:
            tx.group.sets.append(tx)
        self.ready.append(tx)
        self.tx = None

    def _set_error(self, tx: TxSet, code: str, message: str, tag: str = "SE") -> X12Error:
        return X12Error(
            message, document=self.name, code=code, kind="set", tag=tag,
            segment=len(tx.segments) if tag == "SE" else 1,
        )  # fmt: skip

    # -- groups --------------------------------------------------------------------------
    def _open_group(self, f: list[str]) -> None:
        g = [x.strip() for x in f] + [""] * max(0, 9 - len(f))
        group = Group(functional_id=g[1], control=g[6], version=g[8], date=g[4], time=g[5],
                      sender=g[2], receiver=g[3])  # fmt: skip
        self.interchange.groups.append(group)
        self.group = group
        if not group.control.isdigit():
            self._group_error(group, "6", f"GS06 {group.control!r} is not a control number", "GS")

    def _close_group(self, f: list[str]) -> None:
        group = self.group
        if group is None:
            self._ta1("024", "GE without a GS", "GE")
            return
        count = f[1].strip() if len(f) > 1 else ""
        control = f[2].strip() if len(f) > 2 else ""
        if count != str(group.count):
            self._group_error(
                group,
                "5",
                f"GE01 says {count or 'nothing'}, the group has {group.count} sets",
                "GE",
            )
        if control != group.control:
            self._group_error(
                group, "4", f"GE02 {control!r} does not match GS06 {group.control!r}", "GE"
            )
        self.group = None

    def _group_error(self, group: Group, code: str, message: str, tag: str) -> None:
        group.errors.append(
            X12Error(
                message, document=self.name, code=code, kind="group", tag=tag, segment=self.count
            )
        )

    def _close_interchange(self, f: list[str]) -> None:
        if self.group is not None:
            self._group_error(self.group, "3", "functional group trailer GE missing", "GE")
            self.group = None
        count = f[1].strip() if len(f) > 1 else ""
        control = f[2].strip() if len(f) > 2 else ""
        groups = len(self.interchange.groups)
        if control != self.interchange.control:
            self._ta1(
                "001",
                f"IEA02 {control!r} does not match ISA13 {self.interchange.control!r}",
                "IEA",
                2,
            )
        if count != str(groups):
            self._ta1("021", f"IEA01 says {count or 'nothing'}, the interchange has {groups} groups",
                      "IEA", 1)  # fmt: skip
        self.done = True


def _is_hhmm(value: str) -> bool:
    return len(value) == 4 and value.isdigit() and value[:2] < "24" and value[2:] < "60"
