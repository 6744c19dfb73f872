"""email adapter."""
