"""Pages of the next cycle prefilled: the supplier confirms carried answers on the area page,
the reviewer accepts an area's unchanged carried answers on the workbench."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from assessments.answers import services as answer_services
from assessments.campaigns import selectors as campaign_selectors
from assessments.errors import AnswerInvalidError, AnswerLockedError
from assessments.prefill.forms import CarriedAcceptForm, CarriedConfirmForm
from assessments.review import services as review_services
from assessments.review.views import (
    REVIEW_ERRORS,
    _back,
    _place,
    is_htmx,
    workbench_context,
    workbench_url,
)
from core.decorators import staff_required, supplier_required
from core.permissions import acting_user


@supplier_required
@require_POST
def carried_confirm(request: HttpRequest, assessment_id: int, area_code: str) -> HttpResponse:
    """Confirm one carried answer (its button) or all of the area's; back to the area page."""
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    form = CarriedConfirmForm(request.POST)
    anchor = ""
    if not form.is_valid():
        messages.error(request, _("Choose an answer to confirm."))
    else:
        code = form.cleaned_data["question"]
        anchor = f"#q-{code}" if code else ""
        try:
            codes = answer_services.carried_answers_confirm(
                assessment=assessment,
                area_code=area_code,
                question_codes=[code] if code else None,
                user=acting_user(request),
            )
        except (AnswerInvalidError, AnswerLockedError) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s carried answer confirmed.",
                    "%(count)s carried answers confirmed.",
                    len(codes),
                )
                % {"count": len(codes)},
            )
    url = reverse("portal:area", kwargs={"assessment_id": assessment.pk, "area_code": area_code})
    return redirect(f"{url}{anchor}")


@staff_required("assessments.review_assessment")
@require_POST
def carried_accept(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Accept the area's unchanged carried answers; the workbench in place (htmx) or again."""
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    form = CarriedAcceptForm(request.POST)
    _area, show = _place(request)
    if not form.is_valid():
        messages.error(request, _("Choose an area."))
        return _back(assessment.pk)
    area = form.cleaned_data["area"]
    error = success = ""
    try:
        codes = review_services.carried_answers_accept(
            assessment=assessment, area_code=area, reviewer=acting_user(request)
        )
    except REVIEW_ERRORS as exc:
        error = exc.message
    else:
        success = ngettext(
            "%(area)s: %(count)s unchanged carried answer accepted.",
            "%(area)s: %(count)s unchanged carried answers accepted.",
            len(codes),
        ) % {"area": area, "count": len(codes)}
    if is_htmx(request):
        context = workbench_context(request, assessment, area=area, show=show)
        return render(
            request,
            "assessments/review/_area_decision.html",
            {**context, "area_error": error, "area_success": success},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, success)
    return redirect(f"{workbench_url(assessment.pk, area=area, show=show)}#area-{area}")
