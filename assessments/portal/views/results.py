"""What the supplier reads and takes away: the code of conduct, the results after approval, and
the offline answers workbook."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.answers import offline as answer_offline
from assessments.campaigns import selectors as campaign_selectors
from assessments.labels import services as label_services
from assessments.portal.offline_forms import OfflineUploadForm
from assessments.portal.results import question_info, results_build
from assessments.questionnaires import selectors as questionnaire_selectors
from assessments.questionnaires.definitions import code_of_conduct_sections
from assessments.scoring.calculation import path_to_green
from assessments.scoring.selectors import score_for_supplier
from core.decorators import supplier_required
from core.errors import ApplicationError
from core.permissions import acting_user


@supplier_required
def assessment_code(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The code of conduct of the assessment's version, in the user's language."""
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    return render(
        request,
        "portal/code.html",
        {
            "assessment": assessment,
            "sections": code_of_conduct_sections(assessment.version.code_of_conduct),
        },
    )


@supplier_required
def assessment_results(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The final score in words once approved: per area, each question, what to do next."""
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    score = score_for_supplier(assessment)
    context: dict[str, Any] = {"assessment": assessment, "score": score}
    if score is not None:
        rules = label_services.current_rules()
        loaded = questionnaire_selectors.version_load(assessment.version)
        context["results"] = results_build(
            overall=score.overall,
            areas=score.areas,
            questions=score.questions,
            critical_failures=score.critical_failures,
            improvements=path_to_green(
                areas=score.areas,
                questions=score.questions,
                critical_failures=score.critical_failures,
                min_area=rules.min_area,
            ),
            infos={question.code: question_info(question) for question in loaded.questions},
            area_titles={area.code: area.title for area in loaded.areas},
        )
        context["failed_rules"] = label_services.label_check(
            assessment=assessment, score=score, rules=rules, today=timezone.localdate()
        )
    return render(request, "portal/results.html", context)


@supplier_required
@require_http_methods(["GET", "POST"])
def assessment_offline(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Answers offline: the answers workbook to download, and its upload, applied all or nothing
    (every problem listed by sheet, row and column; conflicts with the portal refused)."""
    assessment = campaign_selectors.assessment_get_for_user(
        user=request.user, assessment_id=assessment_id
    )
    is_post = request.method == "POST"
    form = OfflineUploadForm(request.POST if is_post else None, request.FILES if is_post else None)
    problems: list[dict[str, Any]] = []
    conflicts: list[str] = []
    status = 400 if is_post else 200
    if form.is_bound and form.is_valid():
        try:
            result = answer_offline.answers_import_workbook(
                assessment=assessment, file=form.cleaned_data["file"], user=acting_user(request)
            )
        except answer_offline.OfflineImportInvalidError as exc:
            problems = exc.extra["errors"]
            form.add_error(None, exc.message)
        except answer_offline.OfflineImportConflictError as exc:
            conflicts = exc.extra["conflicts"]
            status = 409
            form.add_error(None, exc.message)
        except ApplicationError as exc:  # the campaign closed, the code not acknowledged
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Workbook applied: %(changed)s answer(s) changed, %(unchanged)s unchanged.")
                % {"changed": result.changed, "unchanged": result.unchanged},
            )
            return redirect("portal:offline", assessment_id=assessment.pk)
    return render(
        request,
        "portal/offline.html",
        {"assessment": assessment, "form": form, "problems": problems, "conflicts": conflicts},
        status=status,
    )
