"""The hub's web side: /metrics, /healthz, the HTTP API and the dashboard."""

from hub.web.app import create_app
from hub.web.server import WebServer, serve

__all__ = ["WebServer", "create_app", "serve"]
