"""x12 adapter."""
