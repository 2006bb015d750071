"""A launched assessment whose permit question (A1.3) asks for the documents' validity."""

import pytest

from assessments.models import Question
from assessments.questionnaires.selectors import version_content_cache_clear


def flag_validity(version, code: str = "A1.3") -> None:  # type: ignore[no-untyped-def]
    """Mark a question of a published version `requires_validity` (written directly, as a
    version made from a definition with the flag would hold it)."""
    Question.objects.filter(version=version, code=code).update(requires_validity=True)
    version_content_cache_clear()


@pytest.fixture
def flagged(setup):  # type: ignore[no-untyped-def]
    flag_validity(setup.mine.version)
    return setup
