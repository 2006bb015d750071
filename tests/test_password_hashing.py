"""Passwords are hashed with Argon2id at the configured cost; older hashes are upgraded."""

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from config import settings as production

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_hashers(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    return settings


def _parameters(encoded: str) -> str:
    # argon2$argon2id$v=19$m=19456,t=2,p=1$salt$hash
    return encoded.split("$")[3]


def test_new_passwords_are_argon2id_with_the_configured_cost(production_hashers) -> None:  # type: ignore[no-untyped-def]
    encoded = make_password("correct horse battery staple")
    assert encoded.startswith("argon2$argon2id$")
    assert _parameters(encoded) == "m=19456,t=2,p=1"


def test_a_pbkdf2_hash_still_logs_in_and_is_upgraded(production_hashers) -> None:  # type: ignore[no-untyped-def]
    user = User.objects.create(username="old-hash")
    user.password = make_password("correct horse battery staple", hasher="pbkdf2_sha256")
    user.save()
    assert not user.check_password("wrong password")
    assert user.check_password("correct horse battery staple")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("correct horse battery staple")


def test_changing_the_cost_rehashes_at_the_next_login(production_hashers) -> None:  # type: ignore[no-untyped-def]
    user = User.objects.create_user("cost-change", password="correct horse battery staple")
    assert _parameters(user.password) == "m=19456,t=2,p=1"
    production_hashers.ARGON2_MEMORY_KIB = 12288
    production_hashers.ARGON2_TIME_COST = 3
    assert user.check_password("correct horse battery staple")
    user.refresh_from_db()
    assert _parameters(user.password) == "m=12288,t=3,p=1"
