"""Staff pages for the green supplier label: grant (approvers), revoke (procurement admins)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.campaigns import selectors
from assessments.errors import LabelRulesFailedError, LabelStateError
from assessments.labels import services as label_services
from assessments.labels.forms import LabelRulesForm
from assessments.models import LabelRules
from core.decorators import staff_required
from core.permissions import acting_user
from suppliers import selectors as supplier_selectors


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


@staff_required("assessments.view_assessment")
@require_http_methods(["GET", "POST"])
def label_rules(request: HttpRequest) -> HttpResponse:
    """The programme's label rules; procurement admins save changes as a new version."""
    current = label_services.current_rules()
    form = LabelRulesForm(request.POST or None, instance=current)
    if request.method == "POST":
        if not request.user.has_perm("assessments.add_labelrules"):
            raise PermissionDenied
        rules = None
        if form.is_valid():
            try:
                rules = label_services.label_rules_update(
                    created_by=acting_user(request), **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
        if rules is not None:
            messages.success(
                request,
                _("Label rules saved as version %(version)s; they apply to new decisions.")
                % {"version": rules.version},
            )
            return redirect("campaigns:label_rules")
    versions = LabelRules.objects.select_related("created_by").order_by("-version")[:50]
    return render(
        request,
        "assessments/labels/label_rules.html",
        {"form": form, "current": current, "versions": versions},
        status=400 if request.method == "POST" else 200,
    )
