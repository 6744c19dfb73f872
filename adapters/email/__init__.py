"""E-mail (RFC 5322 / MIME): the orders inside, wherever they are attached or pasted."""

from adapters.email.reader import read

__all__ = ["read"]
