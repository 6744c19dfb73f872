"""Prometheus metrics of the hub, in a registry object that is passed around.

Nothing is registered globally: tests and several hubs in one process each get their
own ``Metrics``, and nothing happens at import beyond defining this class.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class Metrics:
    """Every metric the bus and the services report, bound to one registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.handled = Counter(
            "orderhub_messages_handled",
            "Messages a service handled and acked.",
            ["service"],
            registry=r,
        )
        self.duplicates = Counter(
            "orderhub_messages_duplicate",
            "Deliveries skipped because the inbox had already seen their message id.",
            ["service"],
            registry=r,
        )
        self.failed = Counter(
            "orderhub_messages_failed",
            "Handler or publish failures, by error class.",
            ["service", "error_class"],
            registry=r,
        )
        self.retried = Counter(
            "orderhub_messages_retried",
            "Messages sent to a delay tier.",
            ["service", "tier"],
            registry=r,
        )
        self.parked = Counter(
            "orderhub_messages_parked", "Messages sent to the parking lot.", ["service"], registry=r
        )
        self.latency = Histogram(
            "orderhub_handler_seconds",
            "Time from delivery to ack: transaction, publish and ack.",
            ["service"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.queue_depth = Gauge(
            "orderhub_queue_depth",
            "Ready messages in a queue (passive declare).",
            ["queue"],
            registry=r,
        )
        self.published = Counter(
            "orderhub_messages_published", "Messages published.", ["connection"], registry=r
        )
        self.confirmed = Counter(
            "orderhub_messages_confirmed",
            "Publishes the broker confirmed.",
            ["connection"],
            registry=r,
        )

    def value(self, name: str, labels: dict[str, str] | None = None) -> float:
        """A sample's current value (0 when absent): for tests and `orderhub status`."""
        found = self.registry.get_sample_value(name, labels or {})
        return found or 0.0


def start_metrics_server(port: int, metrics: Metrics, addr: str = "0.0.0.0") -> Any:
    """Serve /metrics for ``metrics`` on ``port``; returns the server (``.shutdown()`` stops it)."""
    result = start_http_server(port, addr=addr, registry=metrics.registry)
    return result[0] if isinstance(result, tuple) else result
