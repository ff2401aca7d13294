"""Pure placement rules: no I/O, no framework imports. Rules return a `Violation` or None."""

from placement.domain.violations import RowViolation, Violation

__all__ = ["RowViolation", "Violation"]
