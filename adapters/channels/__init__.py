"""channels adapter."""
