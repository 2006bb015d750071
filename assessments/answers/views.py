"""Evidence files, downloaded privately by the supplier who sent them or by staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from assessments.answers import selectors


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    document = selectors.evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
