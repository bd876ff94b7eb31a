"""倒查: the audit page, its findings, the chain behind one, dismissals, sampling and the holiday data."""
