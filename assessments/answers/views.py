"""Evidence files, downloaded privately by the supplier who sent them or by staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from assessments.answers import selectors
from core.downloads import private_file_response


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    document = selectors.evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    return private_file_response(
        document.file, filename=document.original_name, content_type=document.content_type
    )
