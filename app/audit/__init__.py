"""The reverse-order audit (倒查): receipts → ledger → case files, and the case-file checks.

Rules are small pure functions over plain records (rules_*.py); load.py reads the store into
them, registry.py lists them in order, engine.py runs them, persist.py stores the findings; service.py
is what the CLI and UI call.
"""
