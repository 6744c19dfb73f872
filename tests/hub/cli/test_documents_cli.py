"""`orderhub parse`, `ack` and `plan` as a user runs them: real files, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).parents[3]
SAMPLES = sorted(p for p in (REPO / "samples").rglob("*") if p.is_file() and p.suffix != ".md")
BROKEN = sorted(p for p in (REPO / "tests" / "adapters").glob("*/data/*") if p.is_file())


def orderhub(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from hub.cli import main; main()", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def test_every_sample_parses_to_canonical_json() -> None:
    result = orderhub("parse", "--compact", *map(str, SAMPLES))
    assert result.returncode == 0, result.stderr
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(documents) >= len(SAMPLES)
    assert {d["type"] for d in documents} >= {
        "order",
        "order_response",
        "ship_notice",
        "inventory_report",
        "functional_ack",
    }


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_broken_document_is_refused_in_one_line(path: Path) -> None:
    result = orderhub("parse", str(path))
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        pytest.skip("readable despite its name (the reader's own tests say why)")
    lines = result.stderr.strip().splitlines()
    assert lines and all(str(path) in line for line in lines), result.stderr


def test_ack_for_an_x12_4010_order_is_a_997_back_to_the_sender(tmp_path: Path) -> None:
    env = {"ORDERHUB_DATABASE_URL": f"sqlite:///{tmp_path}/ack.db", "PATH": "/usr/bin:/bin"}
    result = orderhub("ack", str(REPO / "samples/x12/850_4010_globex.x12"), env=env)
    assert result.returncode == 0, result.stderr
    assert "*997*" in result.stdout.replace("~", "*") or "ST*997" in result.stdout
    assert result.stdout.startswith("ISA*00*")
    assert "*ZZ*NORTHWIND      *ZZ*GLOBEX         *" in result.stdout
    again = orderhub("ack", str(REPO / "samples/x12/850_4010_globex.x12"), env=env)
    isa13 = lambda text: text.split("*")[13]  # noqa: E731
    assert isa13(again.stdout) != isa13(result.stdout), "control numbers must never repeat"


def test_ack_for_a_broken_edifact_message_rejects_it_alone(tmp_path: Path) -> None:
    env = {"ORDERHUB_DATABASE_URL": f"sqlite:///{tmp_path}/ack.db", "PATH": "/usr/bin:/bin"}
    result = orderhub(
        "ack", str(REPO / "tests/adapters/edifact/data/one_bad_of_three.edi"), env=env
    )
    assert result.returncode == 0
    assert "UCI+" in result.stdout and "+7'" in result.stdout  # interchange acknowledged
    assert "UCM+2+ORDERS:D:96A:UN+4'" in result.stdout  # message 2 alone rejected


def test_plan_explains_every_line_of_every_sample_order(tmp_path: Path) -> None:
    env = {"ORDERHUB_DATABASE_URL": f"sqlite:///{tmp_path}/plan.db", "PATH": "/usr/bin:/bin"}
    orders = [p for p in SAMPLES if p.parent.name in ("edifact", "x12", "cxml", "ubl", "email")]
    result = orderhub("plan", "--json", "--today", "2026-11-25", *map(str, orders), env=env)
    assert result.returncode == 0, result.stderr
    plans = json.loads(result.stdout)
    assert plans
    for plan in plans:
        explained = {e["line_number"] for e in plan["explanations"]}
        planned = {a["line_number"] for a in plan["assignments"]} | {
            u["line_number"] for u in plan["unfilled"]
        }
        assert planned <= explained, plan["po_number"]


def test_plan_together_ships_one_address_s_orders_from_a_node_at_once(tmp_path: Path) -> None:
    """Initech's two POs (one interchange, one dock) both ship from the 3PL: planned together,
    they leave it in one shipment, and each plan says with which order."""
    env = {"ORDERHUB_DATABASE_URL": f"sqlite:///{tmp_path}/plan.db", "PATH": "/usr/bin:/bin"}
    po = str(REPO / "samples/x12/850_5010_initech.x12")
    alone = json.loads(orderhub("plan", "--json", "--today", "2026-11-25", po, env=env).stdout)
    result = orderhub("plan", "--together", "--json", "--today", "2026-11-25", po, env=env)
    assert result.returncode == 0, result.stderr
    together = json.loads(result.stdout)
    assert [p["ship_with"] for p in together] == [
        {"swift3pl": ["INI-PO-778121"]},
        {"swift3pl": ["INI-PO-778120"]},
    ]
    cost = lambda plans: sum(p["costs"]["total"] for p in plans)  # noqa: E731
    assert cost(together) < cost(alone) and not any(p["ship_with"] for p in alone)


def test_plan_what_if_compares_the_orders_on_a_changed_network(tmp_path: Path) -> None:
    """The configured network with the 3PL three days slower: the order that 3PL serves
    is promised later, in the summary, per order, and in the JSON."""
    network = yaml.safe_load((REPO / "config/network.yaml").read_text())
    for node in network["nodes"]:
        if node["id"] == "swift3pl":
            node["lead_time_days"] = 3
    slow = tmp_path / "slow-3pl.yaml"
    slow.write_text(yaml.safe_dump(network))
    env = {"ORDERHUB_DATABASE_URL": f"sqlite:///{tmp_path}/plan.db", "PATH": "/usr/bin:/bin"}
    po = str(REPO / "samples/cxml/orderrequest_wayne.xml")
    args = ("plan", "--today", "2026-11-25", "--what-if", str(slow), po)
    result = orderhub(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert "What if: 1 order(s) planned on (a) the configured network" in result.stdout
    assert "Orders planned differently (1):" in result.stdout
    assert "PO WH-7731:" in result.stdout and "last promised delivery" in result.stdout
    data = json.loads(orderhub(*args[:1], "--json", *args[1:], env=env).stdout)
    (change,) = data["changed_orders"]
    assert change["po_number"] == "WH-7731" and change["promised"][1] > change["promised"][0]


EDI_DOCUMENTS = sorted(
    [p for p in (REPO / "samples").glob("edifact/*.edi")]
    + [p for p in (REPO / "samples").glob("x12/*.x12")]
    + [p for p in (REPO / "tests" / "adapters").glob("edifact/data/*.edi")]
    + [p for p in (REPO / "tests" / "adapters").glob("x12/data/*.x12")]
)


@pytest.mark.parametrize("path", EDI_DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_ack_is_a_readable_acknowledgement_or_a_one_line_refusal(
    path: Path, tmp_path: Path
) -> None:
    """Every EDI document, good or broken, gets an ack our own reader accepts as one."""
    from adapters import registry
    from canonical import FunctionalAck

    env = {"ORDERHUB_DATABASE_URL": f"sqlite:///{tmp_path}/ack.db", "PATH": "/usr/bin:/bin"}
    result = orderhub("ack", str(path), env=env)
    assert "Traceback" not in result.stderr
    if result.returncode != 0:  # nothing to acknowledge: no readable envelope at all
        assert len(result.stderr.strip().splitlines()) >= 1 and str(path) in result.stderr
        return
    reading = registry.read(result.stdout.encode("latin-1"), name="ack")
    assert reading.ok, [e.one_line() for e in reading.errors]
    (ack,) = reading.documents
    assert isinstance(ack, FunctionalAck)
    assert ack.ack_type in ("CONTRL", "997", "999", "TA1")
