"""Private files sent to the one who may see them: always as an attachment, never sniffed.

Files live outside the static and media URLs; a view checks access through a selector, then
sends the file with this response. The stored content type was checked from the content on
upload, and the client's file name is only ever a label.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def private_file_response(file: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """The stored file as a download named `filename`, of the content type recorded for it."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
