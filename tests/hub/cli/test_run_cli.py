"""`orderhub run intake` as an operator starts it: files dropped, orders in `orderhub trace`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).parents[3]
SAMPLES = {
    "edifact/orders_d96a_acme.edi": "PO-ACME-10417",
    "x12/850_4010_globex.x12": "GX-4500012345",
    "cxml/orderrequest_umbrella.xml": "UMB-PO-2026-0042",
    "ubl/order_stark.xml": "SPW-2026-00317",
    "email/wayne_edifact_attachment.eml": "WH-2025-0088",
}


def _orderhub(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from hub.cli import main; main()", *args],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


def test_run_intake_takes_the_drop_folder_and_every_order_is_traceable(
    amqp_url: str, tmp_path: Path
) -> None:
    drop = tmp_path / "inbox"
    env = {**os.environ, "ORDERHUB_AMQP_URL": amqp_url, "ORDERHUB_VAR_DIR": str(tmp_path / "var"),
           "ORDERHUB_DATABASE_URL": f"sqlite:///{tmp_path}/hub.db", "ORDERHUB_METRICS_PORT": "0",
           "ORDERHUB_SECRET_UMBRELLA": "umbrella-sample-s3cret"}  # fmt: skip
    hub = _orderhub("run", "intake", "--drop", str(drop), env=env)
    try:
        drop.mkdir(parents=True, exist_ok=True)
        for sample in SAMPLES:
            shutil.copy(REPO / "samples" / sample, drop / Path(sample).name)
        found: dict[str, dict] = {}
        deadline = time.monotonic() + 60
        while len(found) < len(SAMPLES) and time.monotonic() < deadline:
            for po in set(SAMPLES.values()) - set(found):
                trace = _orderhub("trace", po, "--json", env=env)
                out, _err = trace.communicate(timeout=60)
                if trace.returncode == 0:
                    found[po] = json.loads(out)
            time.sleep(0.5)
        assert set(found) == set(SAMPLES.values())
        for po, trace in found.items():
            (order,) = trace["orders"]
            assert order["po_number"] == po and order["state"] in ("received", "acknowledged")
            assert order["messages"][0]["direction"] == "in"
        assert sorted(p.name for p in (drop / "done").iterdir()) == sorted(
            Path(s).name for s in SAMPLES
        )
    finally:
        hub.send_signal(signal.SIGTERM)
        _out, err = hub.communicate(timeout=60)
    assert hub.returncode == 0, err
    assert "Traceback" not in err
