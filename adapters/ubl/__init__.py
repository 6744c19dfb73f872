"""ubl adapter."""
