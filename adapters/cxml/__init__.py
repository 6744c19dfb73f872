"""cxml adapter."""
