"""Permission-aware reads of questionnaires, and a version's content as a definition."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from assessments.definitions import FORMAT, plain_number
from assessments.models import (
    Area,
    Assessment,
    Campaign,
    Choice,
    Column,
    CorrectiveAction,
    CorrectiveActionDocument,
    EvidenceDocument,
    Export,
    Question,
    Questionnaire,
    QuestionnaireVersion,
)
from suppliers.permissions import is_staff_member


def questionnaire_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Questionnaire]:
    if not is_staff_member(user):
        return Questionnaire.objects.none()
    return Questionnaire.objects.prefetch_related(
        Prefetch("versions", queryset=QuestionnaireVersion.objects.order_by("-number"))
    )


def version_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, version_id: Any
) -> QuestionnaireVersion:
    """The only way a view or API turns an id into a version; 404 for what may not be seen."""
    if not is_staff_member(user):
        raise Http404("No such version.")
    try:
        return QuestionnaireVersion.objects.select_related("questionnaire", "based_on").get(
            pk=int(version_id)
        )
    except (QuestionnaireVersion.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such version.") from exc


def version_content(version: QuestionnaireVersion) -> tuple[list[Area], list[Question]]:
    """Areas and questions with their choices and columns, in four queries."""
    areas = list(version.areas.all())
    questions = list(
        version.questions.select_related("area").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.select_related("column").order_by("order")),
            Prefetch(
                "columns",
                queryset=Column.objects.prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("order"))
                ).order_by("order"),
            ),
        )
    )
    return areas, questions


# Published and retired versions cannot change (VersionContent refuses every edit), so each
# process loads their areas and questions once instead of on every page, save and submission.
_CONTENT_CACHE: dict[int, tuple[tuple[str, Any], tuple[list[Area], list[Question]]]] = {}
_CONTENT_CACHE_SIZE = 32


def version_content_cached(version: QuestionnaireVersion) -> tuple[list[Area], list[Question]]:
    """`version_content`, kept in memory for versions that can no longer change.

    Drafts are always read fresh. The entry is keyed by the content hash and publication time
    as well as the id, so a restored or rebuilt database never gets another version's rows.
    Callers get their own lists; the model instances are shared and must not be modified.
    """
    if version.status == QuestionnaireVersion.Status.DRAFT or not version.content_hash:
        return version_content(version)
    key = (version.content_hash, version.published_at)
    hit = _CONTENT_CACHE.get(version.pk)
    if hit is None or hit[0] != key:
        content = version_content(version)
        if len(_CONTENT_CACHE) >= _CONTENT_CACHE_SIZE:
            _CONTENT_CACHE.pop(next(iter(_CONTENT_CACHE)), None)
        hit = _CONTENT_CACHE[version.pk] = (key, content)
    areas, questions = hit[1]
    return list(areas), list(questions)


def version_content_cache_clear() -> None:
    _CONTENT_CACHE.clear()


def with_documents() -> Prefetch:
    """Loads each answer's evidence into `Answer.documents`, for many answers in one query."""
    return Prefetch("evidence", to_attr="evidence_documents")


def version_to_definition(version: QuestionnaireVersion) -> dict[str, Any]:
    """The portable definition of a version: what is exported, hashed and compared."""
    areas, questions = version_content(version)
    choices: list[dict[str, Any]] = []
    columns: list[dict[str, Any]] = []
    for question in questions:
        for choice in question.choices.all():
            if choice.column_id is None:
                choices.append(_choice(question, choice, column=""))
        for column in question.columns.all():
            columns.append(
                {
                    "question": question.code,
                    "code": column.code,
                    "type": column.type,
                    "label_en": column.label_en,
                    "label_zh": column.label_zh,
                    "unit": column.unit,
                    "is_required": column.is_required,
                }
            )
            for choice in column.choices.all():
                choices.append(_choice(question, choice, column=column.code))
    questionnaire = version.questionnaire
    return {
        "format": FORMAT,
        "questionnaire": {
            "code": questionnaire.code,
            "name_en": questionnaire.name_en,
            "name_zh": questionnaire.name_zh,
        },
        "version": {
            "number": version.number,
            "status": version.status,
            "content_hash": version.content_hash,
        },
        "areas": [
            {
                "code": area.code,
                "title_en": area.title_en,
                "title_zh": area.title_zh,
                "weight": plain_number(area.weight),
            }
            for area in areas
        ],
        "questions": [_question(question) for question in questions],
        "choices": choices,
        "columns": columns,
    }


def _choice(question: Question, choice: Choice, *, column: str) -> dict[str, Any]:
    return {
        "question": question.code,
        "column": column,
        "code": choice.code,
        "label_en": choice.label_en,
        "label_zh": choice.label_zh,
        "points": plain_number(choice.points),
    }


def _question(question: Question) -> dict[str, Any]:
    return {
        "code": question.code,
        "area": question.area.code,
        "type": question.type,
        "text_en": question.text_en,
        "text_zh": question.text_zh,
        "help_en": question.help_en,
        "help_zh": question.help_zh,
        "is_required": question.is_required,
        "criticality": question.criticality,
        "categories": list(question.categories or []),
        "condition": question.condition,
        "allows_not_applicable": question.allows_not_applicable,
        "requires_evidence": question.requires_evidence,
        "scoring": question.scoring,
        "max_points": plain_number(question.max_points),
        "points_yes": plain_number(question.points_yes),
        "points_no": plain_number(question.points_no),
        "bands": list(question.bands or []),
        "unit": question.unit,
        "min": plain_number(question.min_value),
        "max": plain_number(question.max_value),
        "data_quality": question.data_quality,
    }


# --- Campaigns and assessments ------------------------------------------------------------


def _supplier_id_of(user: AbstractBaseUser | AnonymousUser) -> int | None:
    membership = getattr(user, "supplier_membership", None) if user.is_authenticated else None
    return membership.supplier_id if membership is not None else None


def campaign_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Campaign]:
    if not is_staff_member(user):
        return Campaign.objects.none()
    return (
        Campaign.objects.select_related("questionnaire_version__questionnaire")
        .annotate(assessment_count=Count("assessments"))
        .order_by("-created_at", "-id")
    )


def campaign_get_for_user(*, user: AbstractBaseUser | AnonymousUser, campaign_id: Any) -> Campaign:
    try:
        return campaign_list(user=user).get(pk=int(campaign_id))
    except (Campaign.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such campaign.") from exc


def assessment_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Assessment]:
    """Staff see every assessment; a supplier user only its own supplier's; others none."""
    queryset = Assessment.objects.select_related("supplier__category", "campaign", "version")
    if is_staff_member(user):
        return queryset
    supplier_id = _supplier_id_of(user)
    if supplier_id is None:
        return Assessment.objects.none()
    return queryset.filter(supplier_id=supplier_id)


def assessment_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, assessment_id: Any
) -> Assessment:
    """The only way a view or API turns an id into an assessment; 404 for other suppliers'."""
    try:
        return assessment_list(user=user).get(pk=int(assessment_id))
    except (Assessment.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such assessment.") from exc


def assessment_ref_for_user(
    *, user: AbstractBaseUser | AnonymousUser, assessment_id: Any
) -> Assessment:
    """`assessment_get_for_user` without the related rows: for services that lock the
    assessment and read it again themselves (an answer save, an upload). Same visibility."""
    try:
        return (
            assessment_list(user=user)
            .select_related(None)
            .only("id", "supplier_id", "status")
            .get(pk=int(assessment_id))
        )
    except (Assessment.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such assessment.") from exc


def evidence_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, evidence_id: Any
) -> EvidenceDocument:
    visible = assessment_list(user=user).values("pk")
    try:
        return EvidenceDocument.objects.select_related(
            "answer__question", "answer__assessment"
        ).get(pk=int(evidence_id), answer__assessment__in=visible)
    except (EvidenceDocument.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such document.") from exc


def area_progress(
    *, areas: list[Area], questions: list[Question], answers: dict[str, Any]
) -> list[dict[str, Any]]:
    """Per area: required questions shown to the supplier, and how many of them are answered."""
    progress = []
    for area in areas:
        required = [q for q in questions if q.area_id == area.pk and q.is_required]
        done = 0
        for question in required:
            answer = answers.get(question.code)
            if answer is None:
                continue
            if (
                answer.not_applicable
                or answer.value not in (None, "", [], {})
                or (question.type == Question.Type.FILE and answer.documents)
            ):
                done += 1
        progress.append(
            {
                "code": area.code,
                "title": area.title,
                "answered": done,
                "required": len(required),
                "percent": 100 if not required else round(100 * done / len(required)),
            }
        )
    return progress


def action_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[CorrectiveAction]:
    """Corrective actions of the assessments the user may see."""
    return CorrectiveAction.objects.filter(
        assessment__in=assessment_list(user=user).values("pk")
    ).select_related("assessment__supplier", "question")


def action_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, action_id: Any
) -> CorrectiveAction:
    try:
        return action_list(user=user).get(pk=int(action_id))
    except (CorrectiveAction.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such corrective action.") from exc


def action_document_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, document_id: Any
) -> CorrectiveActionDocument:
    try:
        return CorrectiveActionDocument.objects.get(
            pk=int(document_id), action__in=action_list(user=user).values("pk")
        )
    except (CorrectiveActionDocument.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404("No such document.") from exc


def export_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Export]:
    """A user's own exports (superusers see all): workbooks hold the whole registry's data."""
    if not isinstance(user, User) or not is_staff_member(user):
        return Export.objects.none()
    if not user.has_perm("assessments.view_export"):
        return Export.objects.none()
    exports = Export.objects.select_related("created_by")
    return exports if user.is_superuser else exports.filter(created_by=user)


def export_get_for_user(*, user: AbstractBaseUser | AnonymousUser, export_id: Any) -> Export:
    try:
        return export_list(user=user).get(pk=int(export_id))
    except (Export.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None
