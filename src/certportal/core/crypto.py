"""Encryption of personal data at rest (PIPL art. 51; GB/T 22239 8.1.4.8).

Values are encrypted with MultiFernet under CERTPORTAL_FIELD_KEYS; exact-match lookups
use an HMAC under a separate key, so the database never needs the plaintext.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.strip()) for key in settings.FIELD_ENCRYPTION_KEYS])


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt bytes with the current key."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """Decrypt bytes made by encrypt_bytes with any configured key."""
    return _fernet().decrypt(token)


def lookup_hash(value: str) -> str:
    """A keyed hash for finding a record by an encrypted value."""
    key = settings.LOOKUP_HMAC_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; Python sees the plaintext."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        try:
            return decrypt_bytes(value.encode()).decode()
        except InvalidToken as exc:
            raise ValueError(
                f"cannot decrypt {self.model.__name__}.{self.name}"
            ) from exc

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_bytes(str(value).encode()).decode()
