"""Private files sent to the one who may see them: as an attachment (or, for the types a browser
shows safely, inline on request), never sniffed.

Files live outside the static and media URLs; a view checks access through a selector, then
sends the file with this response. The stored content type was checked from the content on
upload, and the client's file name is only ever a label: the download's name gets the extension
of that type, so a PDF uploaded as `invoice.hta` is saved by the browser as `invoice.pdf`.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from core.uploads import EXTENSION_OF_TYPE, UNKNOWN_TYPE, served_name

# Shown in the page by the review workbench's viewer; every other type is only ever downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def private_file_response(
    file: FieldFile, *, filename: str, content_type: str, inline: bool = False
) -> FileResponse:
    """The stored file as a download labelled `filename`, with its type's extension and type;
    `inline` asks for it to be shown in the browser, granted only for INLINE_TYPES."""
    if content_type not in EXTENSION_OF_TYPE:
        content_type = UNKNOWN_TYPE
    response = FileResponse(
        file.open("rb"),
        as_attachment=not (inline and content_type in INLINE_TYPES),
        filename=served_name(filename, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
