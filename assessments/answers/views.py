"""Evidence files, downloaded privately by the supplier who sent them or by staff."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.views.decorators.clickjacking import xframe_options_sameorigin

from assessments.answers import selectors
from core.downloads import private_file_response


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    document = selectors.evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    return private_file_response(
        document.file, filename=document.original_name, content_type=document.content_type
    )


# The review workbench shows PDFs and images in a frame of its own page: this response alone may
# be framed, and only by this site (X-Frame-Options and CSP frame-ancestors say the same); the
# browser's PDF viewer is a plugin, hence object-src. Other types still come as an attachment.
@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF], "object-src": [SELF]})  # type: ignore[arg-type]
def evidence_view(request: HttpRequest, evidence_id: int) -> FileResponse:
    document = selectors.evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    return private_file_response(
        document.file,
        filename=document.original_name,
        content_type=document.content_type,
        inline=True,
    )
