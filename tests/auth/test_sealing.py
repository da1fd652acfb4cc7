from __future__ import annotations

import base64

import pytest

from auth.sealing import Sealer, SealError

OLD, NEW = ("old", b"o" * 32), ("new", b"n" * 32)


def test_a_sealed_secret_opens_to_itself_and_does_not_contain_it():
    sealer = Sealer((NEW,))
    sealed = sealer.seal("lk_live_secret", "key-1")
    assert "lk_live_secret" not in sealed and sealed.startswith("new.")
    assert sealer.open(sealed, "key-1") == "lk_live_secret"


def test_sealing_twice_gives_different_ciphertexts():
    sealer = Sealer((NEW,))
    assert sealer.seal("s", "k") != sealer.seal("s", "k")


def test_a_tampered_ciphertext_is_refused():
    sealer = Sealer((NEW,))
    key_id, _, encoded = sealer.seal("lk_live_secret", "key-1").partition(".")
    raw = bytearray(base64.urlsafe_b64decode(encoded))
    raw[-1] ^= 1
    with pytest.raises(SealError):
        sealer.open(f"{key_id}.{base64.urlsafe_b64encode(bytes(raw)).decode()}", "key-1")


def test_a_secret_sealed_for_one_key_row_does_not_open_for_another():
    sealer = Sealer((NEW,))
    with pytest.raises(SealError):
        sealer.open(sealer.seal("lk_live_secret", "key-1"), "key-2")


def test_old_key_ids_still_open_after_the_sealing_key_rotates():
    sealed_before = Sealer((OLD,)).seal("s", "k")
    rotated = Sealer((NEW, OLD))
    assert rotated.open(sealed_before, "k") == "s"
    assert rotated.seal("s", "k").startswith("new.")


def test_an_unknown_key_id_is_refused():
    with pytest.raises(SealError):
        Sealer((NEW,)).open(Sealer((OLD,)).seal("s", "k"), "k")
