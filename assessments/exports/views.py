"""Staff pages for audit workbook exports: start one, follow its progress, download, verify."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.exports import selectors
from assessments.exports import services as export_services
from assessments.exports.apis import export_file_response, verify_result
from core.decorators import staff_required
from core.errors import ApplicationError
from core.permissions import acting_user
from suppliers.filters import FILTER_KEYS


class ExportVerifyForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook"))


@staff_required("assessments.view_export")
def export_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.export_list(user=request.user), 20).get_page(request.GET.get("page"))
    return render(
        request, "assessments/export_list.html", {"page": page, "form": ExportVerifyForm()}
    )


@staff_required("assessments.add_export")
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    """Started from a campaign, an assessment or the filtered supplier list."""
    scope = request.POST.get("scope", "")
    filters = {key: request.POST[key] for key in FILTER_KEYS if request.POST.get(key)}
    try:
        export = export_services.export_create(
            user=acting_user(request),
            scope=scope,
            target_id=request.POST.get("id"),
            filters=filters,
            language=get_language() or "en",
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("exports:list")
    messages.success(request, _("The workbook is being built; this page shows its progress."))
    return redirect("exports:detail", export_id=export.pk)


@staff_required("assessments.view_export")
def export_detail(request: HttpRequest, export_id: int) -> HttpResponse:
    export = selectors.export_get_for_user(user=request.user, export_id=export_id)
    return render(request, "assessments/export_detail.html", {"export": export})


@staff_required("assessments.view_export")
def export_download(request: HttpRequest, export_id: int) -> HttpResponseBase:
    export = selectors.export_get_for_user(user=request.user, export_id=export_id)
    if not export.is_downloadable:
        messages.error(request, _("This export has no file to download."))
        return redirect("exports:detail", export_id=export.pk)
    return export_file_response(export)


@staff_required("assessments.view_export")
@require_POST
def export_verify(request: HttpRequest) -> HttpResponse:
    form = ExportVerifyForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        try:
            digest, export = export_services.export_verify(file=form.cleaned_data["file"])
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            result = verify_result(digest, export, request)
            result["export_object"] = export
    page = Paginator(selectors.export_list(user=request.user), 20).get_page(1)
    return render(
        request,
        "assessments/export_list.html",
        {"page": page, "form": form, "result": result},
        status=200 if form.is_valid() else 400,
    )
