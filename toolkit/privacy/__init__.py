"""Privacy checks that every command making a document runs: see :mod:`toolkit.privacy.phi`."""

from __future__ import annotations

from toolkit.privacy.phi import (
    PhiMatch,
    find_phi,
    phi_error,
    phi_findings,
    phi_report,
    phi_texts,
)

__all__ = ["PhiMatch", "find_phi", "phi_error", "phi_findings", "phi_report", "phi_texts"]
