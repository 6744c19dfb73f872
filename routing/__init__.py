"""Distributed order management: pure functions from (order, network, inventory) to a plan.

No I/O here: configuration arrives as validated models (hub/netconfig.py reads the YAML),
inventory as figures, and "today"/"now" as arguments.
"""

from routing.catalog import Catalog, match
from routing.explain import format_plan
from routing.inventory import Inventory
from routing.network import Network
from routing.plan import Assignment, CandidateNode, Costs, LineExplanation, Plan, Unfilled
from routing.planner import batch_shipments, plan_batch, plan_order, plan_sequence
from routing.replan import InventoryChanged, LinesRejected, NodeDown, OrderChanged, replan
from routing.rules import CustomerRules, Rules
from routing.whatif import WhatIf, compare

__all__ = [
    "Assignment",
    "CandidateNode",
    "Catalog",
    "Costs",
    "CustomerRules",
    "Inventory",
    "InventoryChanged",
    "LineExplanation",
    "LinesRejected",
    "Network",
    "NodeDown",
    "OrderChanged",
    "Plan",
    "Rules",
    "Unfilled",
    "WhatIf",
    "batch_shipments",
    "compare",
    "format_plan",
    "match",
    "plan_batch",
    "plan_order",
    "plan_sequence",
    "replan",
]
