"""Safe files (issue 14): a download is named for the type found in its content, never for the
extension its uploader chose, so `invoice.hta` with a PDF header reaches the browser as a PDF."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from assessments.corrective_actions import services as action_services
from assessments.models import EvidenceDocument
from core import roles
from core.downloads import private_file_response
from core.uploads import served_name
from tests.assessments.conftest import setup, submitted  # noqa: F401 (fixtures)
from tests.factories import UploadedEvidenceFactory, staff_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _disposition_name(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'filename="([^"]*)"', response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return match.group(1)


def _download(client, document: EvidenceDocument):  # type: ignore[no-untyped-def]
    response = client.get(f"/evidence/{document.pk}/")
    assert response.status_code == 200
    return response


def test_evidence_with_a_foreign_extension_is_served_with_the_detected_one(setup) -> None:  # noqa: F811
    setup.client.post(f"/portal/assessments/{setup.mine.pk}/acknowledge/", {"acknowledge": "yes"})
    api = APIClient()
    api.force_authenticate(user=setup.user)
    # Through the API.
    created = api.post(
        f"/api/v1/assessments/{setup.mine.pk}/evidence/",
        {"question_code": "A1.3", "file": SimpleUploadedFile("invoice.hta", PDF)},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    assert created.json()["original_name"] == "invoice.hta"  # the label stays as sent
    document = EvidenceDocument.objects.get(pk=created.json()["id"])
    assert document.content_type == "application/pdf"
    assert document.file.name.endswith(".pdf")  # the stored name: sha + detected extension
    response = _download(setup.client, document)
    assert _disposition_name(response) == "invoice.pdf"
    assert response["Content-Type"] == "application/pdf"
    # Through the portal's area form.
    area = f"/portal/assessments/{setup.mine.pk}/areas/A1/"
    setup.client.post(area, {"q-A1.2": ["discharge"], "q-A1.2-rev": "0"})  # shows the table
    posted = setup.client.post(
        area,
        {
            "q-A1.2": ["discharge"], "q-A1.2-rev": "1", "q-A1.3-rows": "1",
            "q-A1.3-rev": str(document.answer.revision),
            "q-A1.3-0-kind": "water", "q-A1.3-0-number": "P-1", "q-A1.3-0-expires_on": "2027-06-30",
            "q-A1.3-file": SimpleUploadedFile("statement.pdf.hta", PDF + b"portal"),
        },
    )  # fmt: skip
    assert posted.status_code == 302, posted.content.decode()[-2000:]
    portal_document = EvidenceDocument.objects.get(original_name="statement.pdf.hta")
    assert portal_document.file.name.endswith(".pdf")
    page = setup.client.get(area).content.decode()
    assert "statement.pdf.hta" in page  # shown under the name the supplier knows
    response = _download(setup.client, portal_document)
    assert _disposition_name(response) == "statement.pdf.pdf"
    # Staff download the same names.
    staff = Client()
    staff.force_login(staff_user(roles.REVIEWER, username="files-reviewer"))
    assert _disposition_name(_download(staff, document)) == "invoice.pdf"


def test_a_stored_row_with_a_foreign_name_is_safe_at_serve_time() -> None:
    """Rows stored before the rule keep their names; the extension is chosen when served."""
    document = UploadedEvidenceFactory(name="x.png", content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    EvidenceDocument.objects.filter(pk=document.pk).update(original_name="run me.hta")
    document.refresh_from_db()
    response = private_file_response(
        document.file, filename=document.original_name, content_type=document.content_type
    )
    assert _disposition_name(response) == "run me.png"
    unknown = private_file_response(document.file, filename="page.html", content_type="text/html")
    assert unknown["Content-Type"] == "application/octet-stream"
    assert _disposition_name(unknown) == "page.bin"


@pytest.mark.parametrize(
    ("name", "content_type", "served"),
    [
        ("invoice.hta", "application/pdf", "invoice.pdf"),
        ("invoice.PDF", "application/pdf", "invoice.pdf"),
        ("invoice", "application/pdf", "invoice.pdf"),
        ("..\\..\\boot.ini", "image/png", "boot.png"),
        (".htaccess", "image/jpeg", "document.jpg"),
        ("a\r\nb.exe", "image/jpeg", "ab.jpg"),
        (
            "plan.xlsm",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "plan.xlsx",
        ),
    ],
)
def test_served_name_keeps_the_label_and_forces_the_extension(name, content_type, served) -> None:
    assert served_name(name, content_type) == served


def test_corrective_action_document_with_a_foreign_extension_is_served_with_the_detected_one(
    submitted,  # noqa: F811
) -> None:
    assessment, supplier_account = submitted
    reviewer = staff_user(roles.REVIEWER, username="files-ca-rev")
    action = action_services.action_raise(
        assessment=assessment, title="Renew the permit", severity="high",
        due_on=assessment.campaign.due_on, raised_by=reviewer, question_code="A1.3",
    )  # fmt: skip
    action_services.action_respond(
        action=action,
        response="Renewed.",
        files=[SimpleUploadedFile("permit.hta", PDF)],
        user=supplier_account,
    )
    document = action.documents.get()
    assert document.original_name == "permit.hta"
    assert document.file.name.endswith(".pdf")
    client = Client()
    client.force_login(supplier_account)
    response = client.get(f"/evidence/actions/{document.pk}/")
    assert response.status_code == 200
    assert _disposition_name(response) == "permit.pdf"
