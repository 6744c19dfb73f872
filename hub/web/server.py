"""The web app in a background thread, stopped by the same event that stops the hub.

uvicorn only installs signal handlers on the main thread, so running it here leaves
Ctrl-C to the caller (`orderhub run` or `orderhub web`), which sets ``stop_event``.
"""

from __future__ import annotations

import threading
import time

import uvicorn

from canonical.errors import PermanentError
from hub.context import Context
from hub.metrics import Metrics
from hub.web.app import create_app


class WebServer(threading.Thread):
    """uvicorn serving ``create_app`` until ``stop_event`` is set; ``port`` is the bound one."""

    def __init__(
        self,
        context: Context,
        host: str,
        port: int,
        stop_event: threading.Event,
        metrics: Metrics | None = None,
    ) -> None:
        super().__init__(name=f"orderhub-web-{port}", daemon=True)
        config = uvicorn.Config(
            create_app(context, metrics),
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        self.server = uvicorn.Server(config)
        self.stop_event = stop_event
        self.host = host

    def run(self) -> None:
        watcher = threading.Thread(target=self._watch, name=f"{self.name}-stop", daemon=True)
        watcher.start()
        try:
            self.server.run()
        except SystemExit:  # uvicorn exits when it cannot bind; wait_started reports it
            self.stop_event.set()

    def _watch(self) -> None:
        self.stop_event.wait()
        self.server.should_exit = True

    @property
    def port(self) -> int:
        """The port actually listened on (useful when asked for port 0)."""
        for server in self.server.servers:
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        return int(self.server.config.port)

    def wait_started(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.started:
                return True
            if not self.is_alive():
                return False
            time.sleep(0.02)
        return self.server.started


def serve(
    context: Context,
    host: str,
    port: int,
    stop_event: threading.Event,
    metrics: Metrics | None = None,
    *,
    start_timeout: float = 10.0,
) -> WebServer:
    """Start serving; returns once listening. A port in use is a ``PermanentError``."""
    server = WebServer(context, host, port, stop_event, metrics)
    server.start()
    if not server.wait_started(start_timeout):
        stop_event.set()
        raise PermanentError(f"web: cannot listen on {host}:{port} (in use or not allowed)")
    return server
