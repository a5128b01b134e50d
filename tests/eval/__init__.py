"""Acceptance checks against the real-world corpus in ``../shared/eval`` (``make eval``)."""
