"""Private downloads: an attachment under the recorded name, of the recorded type, never sniffed."""

import pytest

from core.downloads import private_file_response
from tests.factories import PNG, UploadedEvidenceFactory

pytestmark = pytest.mark.django_db


def test_a_private_file_is_an_attachment_of_its_recorded_type() -> None:
    document = UploadedEvidenceFactory(name="permit <1>.png", content=PNG)
    response = private_file_response(
        document.file, filename=document.original_name, content_type=document.content_type
    )
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PNG
