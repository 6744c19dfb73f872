"""The outside world: one sub-package per standard, each reading into and writing from canonical."""
