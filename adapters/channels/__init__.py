"""Transports. Each channel moves bytes only; what the bytes mean is the adapters' job,
and what happens to them is the hub's (a channel is given a ``deliver`` callback)."""
