"""AES-256-GCM sealing of revealable secrets, under server keys named by id.

Sealed form: `<key id>.<base64url(nonce || ciphertext+tag)>`. The first key
seals; every configured key still opens, so the sealing key can rotate.
The associated data binds a sealed secret to its ApiKey row.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE_BYTES = 12


class SealError(Exception):
    """A sealed secret that cannot be opened: unknown key id or tampered data."""


class Sealer:
    def __init__(self, keys: tuple[tuple[str, bytes], ...]) -> None:
        if not keys:
            raise ValueError("at least one sealing key is needed")
        self._sealing_id = keys[0][0]
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keys}

    def seal(self, secret: str, context: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._ciphers[self._sealing_id].encrypt(nonce, secret.encode(), context.encode())
        return f"{self._sealing_id}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, sealed: str, context: str) -> str:
        key_id, _, encoded = sealed.partition(".")
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise SealError(f"no sealing key with id {key_id!r}")
        try:
            raw = base64.urlsafe_b64decode(encoded)
            plain = cipher.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
        except (InvalidTag, ValueError) as error:
            raise SealError("sealed secret failed authentication") from error
        return plain.decode()
