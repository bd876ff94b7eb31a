"""The least any import of the bench ledger into a CaseAudit store can do, as one process.

    python bench/import_floor.py FILE STORE [--keyed]

It is the yardstick beside `main.py import ledger` in bench_import.py: what is left when the
import does nothing of its own. The process starts, reads the sheet with calamine on a thread
while it imports SQLAlchemy and the models and creates the store (`open_store`, as the import
must), then inserts every data row's cells as calamine gave them — no header detection, no
conversion, no checks, no units, no backup — with one executemany per 5,000 rows into
`ledger_entries`, and commits. With `--keyed` it also does the two things every stored ledger
row needs whatever the import does: the seven sort keys (db/sort_key.py) and the change log's
row digest (db/changelog.py).

So `floor / bare calamine read` is the lowest ratio an import could reach on this machine in
this language, and `import / floor` is what the import itself costs on top of it.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import python_calamine  # noqa: E402

# the bench workbook's columns (bench_import.HEADER), in order
_CELLS = ("seq", "case_no", "party", "violation", "penalty", "fine_fen", "decided_on", "paid_on", "receipt_no",
          "enforcement", "unit")
_KEYED = ("seq", "case_no", "party", "violation", "penalty", "receipt_no", "enforcement")


def main() -> None:
    path, store_path, keyed = Path(sys.argv[1]), Path(sys.argv[2]), "--keyed" in sys.argv[3:]
    box: dict[str, list[list[object]]] = {}

    def read() -> None:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        box["rows"] = wb.get_sheet_by_name(wb.sheet_names[0]).to_python(skip_empty_area=False)
        wb.close()

    reader = threading.Thread(target=read)
    reader.start()
    import sqlite3

    from db import changelog
    from db.sort_key import stored_key
    from db.store import open_store

    open_store(store_path).close()
    reader.join()
    rows = box["rows"][3:-1]  # title, unit line and header above, 合计 below
    names = [*_CELLS[:-1], "case_key", "receipt_key", "source_row", "batch_id"]
    if keyed:
        names += [f"{c}_sort" for c in _KEYED]
    con = sqlite3.connect(store_path, isolation_level=None)
    con.execute("INSERT INTO import_batches (kind, file_name, sha256, sheet, header_row, imported_at, operator, "
                "rows_read, imported, skipped_blank, rejected, mapping_json) VALUES "
                "('ledger', 'floor', '', '', 3, '2026-01-01 00:00:00', '', 0, 0, 0, 0, '{}')")
    sql = f"INSERT INTO ledger_entries ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    hasher = changelog.sealed_row_hasher("ledger_entries", ["id", *names]) if keyed else None
    at = {c: i for i, c in enumerate(_CELLS)}
    keyed_at = [at[c] for c in _KEYED]
    digests: list[bytes] = []
    con.execute("BEGIN")
    for start in range(0, len(rows), 5000):
        chunk = []
        for n, r in enumerate(rows[start:start + 5000], start + 4):
            values = [*r[:10], r[1], r[8], n, 1]
            if keyed:
                values += [stored_key(r[i]) for i in keyed_at]
            chunk.append(values)
        con.executemany(sql, chunk)
        if hasher is not None:
            digests += [hasher([n, *v]) for n, v in enumerate(chunk, start + 1)]
    con.execute("COMMIT")
    con.close()


if __name__ == "__main__":
    main()
