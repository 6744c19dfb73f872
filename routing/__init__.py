"""Distributed order management: pure functions from (order, network, inventory) to a plan."""
