"""PDF signatures for the office's reports: the signing certificate, signing, verification.

    create_signer(store, name=..., passphrase=...) · import_signer(store, p12, passphrase)
    active_signer(store) · passphrase_needed(store)
    sign_pdf(store, in_path, out_path, passphrase=None, reason=..., operator=..., kind=...)
    verify_pdf(store | None, path) -> {"signed", "intact", "trusted", "signer", "signed_at", …}
"""

from __future__ import annotations

from app.signing.sign import sign_pdf
from app.signing.signer import (
    ENV_PASSPHRASE,
    PassphraseRequired,
    active_signer,
    create_signer,
    import_signer,
    list_signers,
    passphrase_needed,
)
from app.signing.verify import verify_pdf

__all__ = ["ENV_PASSPHRASE", "PassphraseRequired", "active_signer", "create_signer", "import_signer",
           "list_signers", "passphrase_needed", "sign_pdf", "verify_pdf"]
