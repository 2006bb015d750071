"""Suppliers saving at the same moment never wait for each other (PostgreSQL row locks)."""

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from assessments.answers import services as answer_services
from tests.factories import code_acknowledged

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="SQLite locks the whole database for a write; this is about row locks",
    ),
]


def test_a_save_locks_only_its_own_assessment(setup) -> None:  # type: ignore[no-untyped-def]
    """Two suppliers of the same category answering the same questionnaire version: while the
    first save's transaction is open, the second goes through at once. A lock on the shared
    version or category row would make every save in a deadline rush queue behind the others.
    """
    code_acknowledged(setup.mine)  # answers need the code of conduct acknowledged
    code_acknowledged(setup.other)
    holding, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def first_save() -> None:
        try:
            with transaction.atomic():
                answer_services.answer_save(
                    assessment=setup.mine, question_code="A2.2", value="Fleet plan one",
                    user=setup.user, revision=None,
                )  # fmt: skip
                holding.set()
                release.wait(10)
        except BaseException as exc:
            failures.append(exc)
            holding.set()
        finally:
            connection.close()

    thread = threading.Thread(target=first_save)
    thread.start()
    try:
        assert holding.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            answer = answer_services.answer_save(
                assessment=setup.other, question_code="A2.2", value="Fleet plan two",
                user=None, revision=None,
            )  # fmt: skip
    finally:
        release.set()
        thread.join(10)
    assert failures == []
    assert answer.value == "Fleet plan two"
    assert setup.mine.answers.get(question__code="A2.2").value == "Fleet plan one"
