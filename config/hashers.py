"""Password hashing: Django's Argon2 hasher with parameters from the settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id with `ARGON2_MEMORY_KIB`, `ARGON2_TIME_COST` and `ARGON2_PARALLELISM`.

    The algorithm name stays "argon2", so it verifies every Argon2 hash, whatever parameters
    made it (they are written in the hash); `must_update` compares them with the settings, so a
    hash made with other parameters is re-made at the next login.
    """

    @property
    def time_cost(self) -> int:  # type: ignore[override]
        return int(settings.ARGON2_TIME_COST)

    @property
    def memory_cost(self) -> int:  # type: ignore[override]
        return int(settings.ARGON2_MEMORY_KIB)

    @property
    def parallelism(self) -> int:  # type: ignore[override]
        return int(settings.ARGON2_PARALLELISM)
