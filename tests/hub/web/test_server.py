"""serve(): uvicorn in a thread, listening for real, stopped by the hub's stop event."""

from __future__ import annotations

import socket
import threading
import urllib.request

import pytest
from conftest import opsworld

from canonical.errors import PermanentError
from hub.metrics import Metrics
from hub.store import Store
from hub.web import serve


def test_serves_over_http_until_the_stop_event(store: Store, contexts) -> None:
    opsworld.build(store)
    metrics = Metrics()
    metrics.handled.labels(service="intake").inc()
    stop = threading.Event()
    server = serve(contexts(store.url), "127.0.0.1", 0, stop, metrics)
    base = f"http://127.0.0.1:{server.port}"
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
            assert response.status == 200 and response.read() == b'{"status":"ok"}'
        with urllib.request.urlopen(f"{base}/metrics", timeout=5) as response:
            assert b'orderhub_messages_handled_total{service="intake"} 1.0' in response.read()
        with urllib.request.urlopen(f"{base}/api/orders?q={opsworld.PO}", timeout=5) as response:
            assert b"O-GLOBEX-1" in response.read()
    finally:
        stop.set()
        server.join(10)
    assert not server.is_alive()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()


def test_a_port_in_use_is_a_clear_error(store: Store, contexts) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    stop = threading.Event()
    try:
        port = taken.getsockname()[1]
        with pytest.raises(PermanentError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve(contexts(store.url), "127.0.0.1", port, stop)
    finally:
        taken.close()
    assert stop.is_set()
