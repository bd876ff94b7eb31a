"""app.secrets: the one door to the keyring. Never the real keychain: each test installs its own
back-end (conftest) and the suite default is keyring's null back-end."""

from __future__ import annotations

import pytest

from app import secrets
from app.errors import UserError


def test_round_trip_through_the_memory_keyring(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    assert secrets.keyring_available()
    assert secrets.get_passphrase("signer:abc") is None
    secrets.set_passphrase("signer:abc", "口令 1")
    assert secrets.get_passphrase("signer:abc") == "口令 1"
    assert memory_keyring.items == {(secrets.SERVICE, "signer:abc"): "口令 1"}
    secrets.delete_passphrase("signer:abc")
    secrets.delete_passphrase("signer:abc")  # already gone: nothing to do
    assert secrets.get_passphrase("signer:abc") is None


@pytest.mark.parametrize("call", [lambda: secrets.get_passphrase("k"), lambda: secrets.set_passphrase("k", "v"),
                                  lambda: secrets.delete_passphrase("k")])
def test_fail_backend_raises_keyring_unavailable_in_chinese(failing_keyring, call) -> None:  # type: ignore[no-untyped-def]
    assert not secrets.keyring_available()
    with pytest.raises(secrets.KeyringUnavailable) as info:
        call()
    assert isinstance(info.value, UserError)
    assert info.value.message == "本机没有可用的系统密钥环（钥匙串），无法保存口令；每次签名时需要输入口令。"


def test_null_backend_is_unavailable_not_a_silent_sink() -> None:
    """The suite's default (conftest) is keyring's null back-end, which forgets what it is given:
    saving there would be a lie, so it counts as no keyring."""
    import keyring
    from keyring.backends import null

    assert isinstance(keyring.get_keyring(), null.Keyring)
    with pytest.raises(secrets.KeyringUnavailable):
        secrets.set_passphrase("k", "v")


def test_a_backend_failing_at_call_time_is_unavailable_too(locked_keyring) -> None:  # type: ignore[no-untyped-def]
    assert secrets.keyring_available()  # it looks usable …
    for call in (lambda: secrets.get_passphrase("k"), lambda: secrets.set_passphrase("k", "v")):
        with pytest.raises(secrets.KeyringUnavailable) as info:  # … but fails when used
            call()
        assert info.value.message.startswith(secrets.UNAVAILABLE_MESSAGE)
