import pytest


# TEMPORARY (issue 12): these test modules are being edited elsewhere, so they cannot yet request
# `celery_eager` where they need it. Replace this by explicit requests (a fixture argument, or a
# module `pytestmark = pytest.mark.usefixtures("celery_eager")`), then delete this file.
@pytest.fixture(autouse=True)
def _celery_eager_until_requested(celery_eager):  # type: ignore[no-untyped-def]
    """Eager Celery for every test of this directory, as the old autouse fixture gave."""
