"""What every workbook import shares: accepting the upload as a job, its API and page parts.

The job itself is `core.models.ImportJob`; its runs go through `core.jobs` (claim, heartbeat,
recovery); its workbook is read through `core.spreadsheets`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.files.base import File
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils import timezone, translation
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from core.errors import ApplicationError
from core.models import ImportJob
from core.uploads import sha256_of

Job = TypeVar("Job", bound=ImportJob)

# The fields of an import's API output, in their documented order; an import adds its own.
IMPORT_JOB_FIELDS = [
    "id",
    "status",
    "progress",
    "original_name",
    "total_rows",
    "created",
    "updated",
    "unchanged",
    "failed",
    "errors",
    "failure_reason",
    "created_at",
    "started_at",
    "finished_at",
]


def import_job_create(model: type[Job], *, file: File, created_by: Any, **fields: Any) -> Job:
    """Save a checked upload as a pending import job, in the uploader's language.

    The file is stored under a generated name: the client's name is only shown, never used as
    a path. The caller queues the run (on commit).
    """
    job = model(
        original_name=(file.name or "upload.xlsx")[-255:],
        size=file.size or 0,
        sha256=sha256_of(file),  # type: ignore[arg-type]
        created_by=created_by,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        **fields,
    )
    job.file.save(  # type: ignore[attr-defined]
        f"{timezone.now():%Y%m%d%H%M%S}-{job.sha256[:16]}.xlsx", file, save=False
    )
    job.save()
    return job


def import_accepted_schema(name: str) -> Any:
    """The 202 answer to an upload, documented as `name`: the job's id and status."""
    return inline_serializer(
        name, {"id": serializers.IntegerField(), "status": serializers.CharField()}
    )


def import_accepted_response(job: ImportJob) -> Response:
    """202 with the job's id and status: the client follows the job at its detail URL."""
    return Response({"id": job.pk, "status": job.status}, status=status.HTTP_202_ACCEPTED)


# No docstring on these bases: the schema takes a serializer's description from its class or
# the nearest base that has one.
class ImportJobOutputSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField()


# --- Pages --------------------------------------------------------------------------------

IMPORTS_PER_PAGE = 20
ERRORS_PER_PAGE = 100


def import_form_submit(*, form: forms.Form, create: Callable[[File], Job]) -> Job | None:
    """The job `create` makes of a valid upload form's file, or None with the service's
    refusal (too big, not a workbook) shown on the form's file field."""
    try:
        return create(form.cleaned_data["file"])
    except ApplicationError as exc:
        form.add_error("file", exc.message)
        return None


def import_list_page(request: HttpRequest, imports: Any) -> Page:
    """The page of an import list the request asks for (?page=)."""
    return Paginator(imports, IMPORTS_PER_PAGE).get_page(request.GET.get("page"))


def import_errors_page(request: HttpRequest, job: ImportJob) -> Page:
    """The page of a job's errors the request asks for (?page=)."""
    return Paginator(job.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
