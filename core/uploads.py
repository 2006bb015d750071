"""Checks on uploaded files (type by content, archive bombs, size) and their SHA-256."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.base import File
from django.utils.translation import gettext as _

from core.errors import UploadInvalidError

SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
OOXML = {
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
}
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024


def sniff_evidence_type(stream: IO[bytes]) -> tuple[str, str]:
    """The real type from the content (PDF, PNG, JPEG, XLSX, DOCX), or UploadInvalidError."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                entries = archive.infolist()
                if (
                    len(entries) > ZIP_MAX_ENTRIES
                    or sum(e.file_size for e in entries) > ZIP_MAX_UNCOMPRESSED
                ):
                    raise UploadInvalidError(_("This archive unpacks to too much data."))
                names = {entry.filename for entry in entries}
        except zipfile.BadZipFile as exc:
            raise UploadInvalidError(_("This file is damaged.")) from exc
        finally:
            stream.seek(0)
        if "[Content_Types].xml" in names:
            for marker, (content_type, extension) in OOXML.items():
                if marker in names:
                    return content_type, extension
    raise UploadInvalidError(
        _(
            "Only PDF, PNG, JPEG, Excel (.xlsx) and Word (.docx) files are accepted; "
            "this file is none of them."
        )
    )


@dataclass
class CheckedUpload:
    name: str
    size: int
    sha256: str
    content_type: str
    extension: str


def check_upload(file: File) -> CheckedUpload:
    """Size within the limit, type from the content, SHA-256; the client's name only as a label."""
    size = file.size or 0
    limit = settings.EVIDENCE_MAX_BYTES
    if size == 0:
        raise UploadInvalidError(_("The file is empty."))
    if size > limit:
        raise UploadInvalidError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{limit / 1024 / 1024:.0f}"}
        )
    content_type, extension = sniff_evidence_type(file)  # type: ignore[arg-type]
    digest = sha256_of(file)  # type: ignore[arg-type]
    name = (file.name or "document").replace("\\", "/").split("/")[-1]
    name = "".join(char for char in name if char.isprintable())[:200] or "document"
    return CheckedUpload(name, size, digest, content_type, extension)


def sha256_of(stream: IO[bytes]) -> str:
    """The SHA-256 of a whole stream, read in blocks; the stream is left at its start."""
    digest = hashlib.sha256()
    stream.seek(0)
    for block in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()
