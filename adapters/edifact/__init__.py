"""edifact adapter."""
