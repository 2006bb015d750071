"""Staff pages for the green supplier label: grant (approvers), revoke (procurement admins)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import selectors
from assessments.errors import LabelRulesFailedError, LabelStateError
from assessments.services import labels as label_services
from suppliers import selectors as supplier_selectors
from suppliers.permissions import acting_user
from suppliers.views import staff_required


@staff_required("assessments.grant_label")
@require_POST
def label_grant(request: HttpRequest, supplier_id: int) -> HttpResponse:
    supplier = supplier_selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
    assessment = selectors.assessment_get_for_user(
        user=request.user, assessment_id=request.POST.get("assessment")
    )
    try:
        label_services.label_grant(
            supplier=supplier, assessment=assessment, granted_by=acting_user(request)
        )
    except LabelRulesFailedError as exc:
        details = "; ".join(rule["detail"] for rule in exc.extra["failed_rules"])
        messages.error(request, f"{exc.message} {details}")
    except LabelStateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Green supplier label granted."))
    return redirect("suppliers:detail", supplier_id=supplier.pk)


@staff_required("assessments.revoke_label")
@require_POST
def label_revoke(request: HttpRequest, supplier_id: int) -> HttpResponse:
    supplier = supplier_selectors.supplier_get_for_user(user=request.user, supplier_id=supplier_id)
    try:
        label_services.label_revoke(
            supplier=supplier,
            reason=request.POST.get("reason", ""),
            revoked_by=acting_user(request),
        )
    except LabelStateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Label revoked."))
    return redirect("suppliers:detail", supplier_id=supplier.pk)
