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
# The extension a download gets, from the type recorded when the content was checked: never the
# uploader's (an `invoice.hta` with a PDF header is served as `invoice.pdf`).
EXTENSION_OF_TYPE = {
    **{content_type: extension for _signature, content_type, extension in SIGNATURES},
    **{content_type: extension for content_type, extension in OOXML.values()},
}
UNKNOWN_TYPE = "application/octet-stream"
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


def served_name(name: str, content_type: str) -> str:
    """The uploader's name as a label, with the extension of the type found in the content.

    Computed when the file is served, so documents stored before this rule are safe too; a type
    not accepted for upload (no such row should exist) gets `.bin`.
    """
    label = name.replace("\\", "/").split("/")[-1]
    label = "".join(char for char in label if char.isprintable())
    stem, dot, _extension = label.rpartition(".")
    stem = (stem if dot else label).strip(" .") or "document"
    return f"{stem[:200]}{EXTENSION_OF_TYPE.get(content_type, '.bin')}"


def sha256_of(stream: IO[bytes]) -> str:
    """The SHA-256 of a whole stream, read in blocks; the stream is left at its start."""
    digest = hashlib.sha256()
    stream.seek(0)
    for block in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


# --- Archives that a parser will open (workbook imports) -----------------------------------


@dataclass(frozen=True)
class ArchiveLimits:
    """What a zip may unpack to before any parser opens it (settings IMPORT_ARCHIVE_*)."""

    max_entries: int
    max_entry_bytes: int
    max_total_bytes: int
    max_ratio: int


# Below this size an entry's compression ratio is not checked: what it unpacks to is harmless.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


class ArchiveRefusedError(UploadInvalidError):
    """A zip whose entries are too many, too large or compressed like a bomb."""

    code = "archive_too_large"


def archive_limits(*, max_total_bytes: int | None = None) -> ArchiveLimits:
    """The limits from settings; `max_total_bytes` may only tighten the total."""
    total = settings.IMPORT_ARCHIVE_MAX_BYTES
    return ArchiveLimits(
        max_entries=settings.IMPORT_ARCHIVE_MAX_ENTRIES,
        max_entry_bytes=settings.IMPORT_ARCHIVE_MAX_ENTRY_BYTES,
        max_total_bytes=min(total, max_total_bytes) if max_total_bytes else total,
        max_ratio=settings.IMPORT_ARCHIVE_MAX_RATIO,
    )


def archive_check(stream: IO[bytes], *, limits: ArchiveLimits) -> set[str]:
    """The entry names of a zip whose central directory is within `limits`; ArchiveRefusedError
    otherwise, zipfile.BadZipFile for a file that is no zip. Nothing is decompressed.

    The declared sizes are a real bound: zipfile never returns more than an entry declares (it
    stops there and fails the CRC), and openpyxl reads through zipfile.
    """
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    finally:
        stream.seek(0)
    if len(entries) > limits.max_entries:
        raise ArchiveRefusedError(
            _("This workbook has %(count)s parts; at most %(max)s are accepted.")
            % {"count": f"{len(entries):,}", "max": f"{limits.max_entries:,}"}
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > limits.max_entry_bytes:
            raise ArchiveRefusedError(
                _("Part %(name)s of this workbook unpacks to %(size)s MB; the limit is %(max)s MB.")
                % {
                    "name": _entry_label(entry.filename),
                    "size": _megabytes(entry.file_size),
                    "max": _megabytes(limits.max_entry_bytes),
                }
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > limits.max_ratio:
            raise ArchiveRefusedError(
                _(
                    "Part %(name)s of this workbook is compressed %(ratio)s to 1; more than "
                    "%(max)s to 1 is refused."
                )
                % {
                    "name": _entry_label(entry.filename),
                    "ratio": f"{ratio:,.0f}",
                    "max": f"{limits.max_ratio:,}",
                }
            )
    if total > limits.max_total_bytes:
        raise ArchiveRefusedError(
            _("This workbook unpacks to %(size)s MB; the limit is %(max)s MB.")
            % {"size": _megabytes(total), "max": _megabytes(limits.max_total_bytes)}
        )
    return {entry.filename for entry in entries}


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}".removesuffix(".0")


def _entry_label(name: str) -> str:
    """An entry's name as a label: printable, short (it is the uploader's text)."""
    return "".join(char for char in name if char.isprintable())[:100] or "?"
