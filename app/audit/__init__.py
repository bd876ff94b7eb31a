"""The reverse-order audit (倒查): receipts → ledger → case files, and the case-file checks.

Rules are small functions (rules_*.py): the reconciliation of receipts and the ledger is SQL over
the store (through the run's connection; load_money.py holds the shared columns and readers), the
case checks run over plain records that load.py reads. registry.py lists the rules in order,
engine.py runs them (over the store in lanes, two at a time: lanes.py), persist.py stores the
findings in bulk; service.py is what the CLI and UI call.
"""
