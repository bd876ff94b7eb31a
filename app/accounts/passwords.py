"""Account passwords, hashed with argon2id (argon2-cffi) and never kept or logged in clear.

The parameters are argon2-cffi's defaults (RFC 9106's second recommendation: 64 MiB, 3 passes),
carried in the hash itself, so a later change of defaults still verifies old hashes and
`needs_rehash` says when to re-hash one at the next login.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.errors import UserError

MIN_LENGTH = 8
_HASHER = PasswordHasher(type=Type.ID)


def check_new_password(password: str) -> None:
    """Refuse a new password too short to be one (the only rule: length; no composition rules)."""
    if len(password) < MIN_LENGTH:
        raise UserError(f"密码至少 {MIN_LENGTH} 个字符，未作任何改动。")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether `password` is the one `stored_hash` was made from (False for a damaged hash)."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)
