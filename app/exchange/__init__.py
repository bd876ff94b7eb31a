"""Exchange with the supervising bureau (CLI.md): signed export packages, their verification,
the bureau's import and summary, and the change log's hash-chain check.

    export_package(store, out, …) · verify_package(path, …) · import_package(store, path, …)
    verify_against(store, path) · accept_new_key(store, office_id, fingerprint, operator)
    accept_new_office(store, office_id, fingerprint, operator) · bureau_summary(store)
    verify_log(store) · PackageRejected(member, check, detail)
"""

from app.exchange.bureau import accept_new_key, accept_new_office, import_package, verify_against
from app.exchange.errors import CHECK_LABELS, PackageRejected
from app.exchange.export import export_package
from app.exchange.keys import key_passphrase_needed, office_key
from app.exchange.logcheck import verify_log
from app.exchange.summary import bureau_summary
from app.exchange.verify import DEFAULT_LIMITS, Limits, VerifiedPackage, verify_package

__all__ = ["CHECK_LABELS", "DEFAULT_LIMITS", "Limits", "PackageRejected", "VerifiedPackage", "accept_new_key",
           "accept_new_office", "bureau_summary", "export_package", "import_package", "key_passphrase_needed",
           "office_key", "verify_against", "verify_log", "verify_package"]
