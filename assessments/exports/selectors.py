"""Reads for audit workbooks: the exports a user may see, and the rows every sheet is written from.

The row selectors yield NamedTuples, in the order the sheets list them: as cheap as the plain
tuples of `values_list` on the hundreds of thousands of answer rows of a large export, and
named. Nothing here knows about spreadsheets; `assessments.exports.workbooks` writes the rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from assessments.ghg.calculation import (
    GJ_PER_UNIT,
    FactorTable,
    _gj_per_unit,
    _line_factor,
    _number,
)
from assessments.ghg.selectors import REVENUE, factor_table
from assessments.models import (
    Answer,
    Assessment,
    CorrectiveAction,
    Event,
    EvidenceDocument,
    Export,
    FactorSet,
    GhgCalculation,
    GreenLabel,
    LabelDecision,
    LabelRules,
    Question,
    QuestionnaireVersion,
)
from assessments.questionnaires.selectors import LoadedVersion, version_load
from assessments.scoring.selectors import scores_shown
from core.permissions import is_staff_member
from suppliers.models import Supplier

ROWS_PER_FETCH = 2000


def export_list(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Export]:
    """A user's own exports (superusers see all): workbooks hold the whole registry's data."""
    if not isinstance(user, User) or not is_staff_member(user):
        return Export.objects.none()
    if not user.has_perm("assessments.view_export"):
        return Export.objects.none()
    exports = Export.objects.select_related("created_by")
    return exports if user.is_superuser else exports.filter(created_by=user)


def export_get_for_user(*, user: AbstractBaseUser | AnonymousUser, export_id: Any) -> Export:
    """One of `export_list`'s exports by id; 404 for any other (or a malformed id)."""
    try:
        return export_list(user=user).get(pk=int(export_id))
    except (Export.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None


# --- What a workbook holds ----------------------------------------------------------------


@dataclass
class Scope:
    """What goes in: the assessments (by id, in order) and the suppliers; a campaign's
    reporting period (`period_of` its start), for the Scope3 sheet."""

    kind: str
    title: str
    assessments: QuerySet[Assessment]
    suppliers: QuerySet[Supplier]
    filters: dict[str, Any] = field(default_factory=dict)
    period: int | None = None


class WorkbookVersion(NamedTuple):
    version: QuestionnaireVersion
    content: LoadedVersion


def workbook_versions(*, assessments: QuerySet[Assessment]) -> list[WorkbookVersion]:
    """The questionnaire versions the assessments answer, in the versions' order, each loaded."""
    version_ids = Assessment.objects.filter(pk__in=assessments.values("pk")).values("version_id")
    versions = QuestionnaireVersion.objects.filter(pk__in=version_ids).select_related(
        "questionnaire"
    )
    return [WorkbookVersion(version, version_load(version)) for version in versions]


def workbook_assessment_ids(*, assessments: QuerySet[Assessment]) -> list[int]:
    """The ids of the assessments in id order, the order of every assessment sheet."""
    return list(assessments.order_by("pk").values_list("pk", flat=True))


def label_rules_in_force() -> LabelRules | None:
    """The label rules in force, without creating the first version as the label pages do."""
    return LabelRules.objects.in_force()


# --- Suppliers and their labels -----------------------------------------------------------


class SupplierRow(NamedTuple):
    id: int
    registration_code: str
    name: str
    name_en: str
    category: str | None
    country: str
    region: str
    status: str
    contact_name: str
    contact_email: str
    contact_phone: str
    label_status: str | None
    label_valid_until: datetime.date | None
    registered_at: datetime.datetime


def supplier_rows(*, suppliers: QuerySet[Supplier]) -> Iterator[SupplierRow]:
    """The suppliers in id order, with their category and their green label, if any."""
    rows = suppliers.order_by("pk").values_list(
        "pk",
        "registration_code",
        "name",
        "name_en",
        "category__slug",
        "country",
        "region",
        "status",
        "contact_name",
        "contact_email",
        "contact_phone",
        "green_label__status",
        "green_label__valid_until",
        "created_at",
    )
    return map(SupplierRow._make, rows.iterator(chunk_size=ROWS_PER_FETCH))


class LabelDecisionRow(NamedTuple):
    supplier_code: str
    supplier_name: str
    decision: str
    at: datetime.datetime
    actor: str | None
    reason: str
    assessment_id: int | None
    score: Decimal | None
    rules_version: int | None
    current_status: str  # of the supplier's label now ("" without one)
    valid_until: datetime.date | None


def label_decision_rows(*, suppliers: QuerySet[Supplier]) -> Iterator[LabelDecisionRow]:
    """Every label decision on the suppliers, by supplier and then in time order."""
    in_scope = suppliers.values("pk")
    labels = {
        supplier_id: (status or "", valid_until)
        for supplier_id, status, valid_until in GreenLabel.objects.filter(
            supplier__in=in_scope
        ).values_list("supplier_id", "status", "valid_until")
    }
    decisions = (
        LabelDecision.objects.filter(supplier__in=in_scope)
        .order_by("supplier_id", "at", "pk")
        .values_list(
            "supplier_id",
            "supplier__registration_code",
            "supplier__name",
            "kind",
            "at",
            "actor__username",
            "reason",
            "assessment_id",
            "score__overall",
            "rules__version",
        )
    )
    for row in decisions.iterator(chunk_size=ROWS_PER_FETCH):
        yield LabelDecisionRow(*row[1:], *labels.get(row[0], ("", None)))


# --- Assessments, one chunk at a time -----------------------------------------------------


class AssessmentHead(NamedTuple):
    id: int
    supplier_code: str
    supplier_name: str
    campaign: str
    status: str
    version_id: int
    supplier_id: int
    category: str | None  # the supplier's category slug


class ShownScore(NamedTuple):
    assessment_id: int
    kind: str
    overall: Decimal | None
    areas: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    critical_failures: list[str]
    computed_at: datetime.datetime
    version_hash: str


class AnswerRow(NamedTuple):
    assessment_id: int
    question_id: int
    id: int
    value: Any
    not_applicable: bool
    justification: str
    data_quality: str
    review_status: str
    review_comment: str


class EvidenceRow(NamedTuple):
    assessment_id: int
    question_code: str
    file_name: str
    size: int
    sha256: str
    uploaded_by: str | None
    uploaded_at: datetime.datetime
    review_status: str
    review_reason: str


@dataclass(frozen=True)
class AssessmentChunk:
    """A chunk of assessments (heads in the order asked) with what is written per assessment."""

    heads: list[AssessmentHead]
    scores: dict[int, ShownScore]  # by assessment id; none for an assessment never scored
    answers: dict[int, dict[int, AnswerRow]]  # by assessment id, then question id
    evidence: dict[int, list[EvidenceRow]]  # by assessment id, in upload order
    evidence_counts: dict[int, dict[str, int]]  # by answer id: documents per review status


def assessment_chunk(*, assessment_ids: Sequence[int]) -> AssessmentChunk:
    """The assessments' heads, answers, evidence and the score shown to staff (final if any,
    else the latest provisional: `scores_shown`), in four queries."""
    heads = {
        row[0]: AssessmentHead._make(row)
        for row in Assessment.objects.filter(pk__in=assessment_ids).values_list(
            "pk",
            "supplier__registration_code",
            "supplier__name",
            "campaign__name",
            "status",
            "version_id",
            "supplier_id",
            "supplier__category__slug",
        )
    }
    shown = scores_shown(assessments=Assessment.objects.filter(pk__in=assessment_ids))
    scores = {
        row[0]: ShownScore._make(row)
        for row in shown.values_list(
            "assessment_id",
            "kind",
            "overall",
            "areas",
            "questions",
            "critical_failures",
            "computed_at",
            "version_hash",
        )
    }
    answers: dict[int, dict[int, AnswerRow]] = defaultdict(dict)
    for row in Answer.objects.filter(assessment_id__in=assessment_ids).values_list(
        "assessment_id",
        "question_id",
        "pk",
        "value",
        "not_applicable",
        "justification",
        "data_quality",
        "review_status",
        "review_comment",
    ):
        # As Django's own named rows: `_make` checks the length, twice the cost on this hot path.
        answers[row[0]][row[1]] = tuple.__new__(AnswerRow, row)
    evidence: dict[int, list[EvidenceRow]] = defaultdict(list)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for answer_id, *fields in (
        EvidenceDocument.objects.filter(answer__assessment_id__in=assessment_ids)
        .order_by("answer__assessment_id", "pk")
        .values_list(
            "answer_id",
            "answer__assessment_id",
            "answer__question__code",
            "original_name",
            "size",
            "sha256",
            "uploaded_by__username",
            "uploaded_at",
            "review_status",
            "review_reason",
        )
    ):
        document = EvidenceRow._make(fields)
        counts[answer_id][document.review_status] += 1
        evidence[document.assessment_id].append(document)
    return AssessmentChunk(
        heads=[heads[assessment_id] for assessment_id in assessment_ids],
        scores=scores,
        answers=answers,
        evidence=evidence,
        evidence_counts=counts,
    )


# --- The published rules of the versions in the workbook --------------------------------


class RuleRow(NamedTuple):
    version_id: int
    question_code: str
    area: str
    question_text: str
    type: str
    scoring: str
    max_points: Decimal
    criticality: str
    requires_evidence: bool
    allows_not_applicable: bool
    points_yes: Decimal | None
    points_no: Decimal | None
    categories: str  # comma-separated slugs; "" for every category
    condition: dict[str, Any] | None


class ChoiceRow(NamedTuple):
    version_id: int
    question_code: str
    code: str
    label: str
    points: Decimal
    exclusive: bool


class BandRow(NamedTuple):
    version_id: int
    question_code: str
    number: int
    low: Decimal | None
    high: Decimal | None
    points: Decimal


@dataclass(frozen=True)
class VersionRules:
    """One row per question, per own choice (not a table column's) and per band, in the
    versions' order and each version's question order; no query (the content is loaded)."""

    rules: list[RuleRow]
    choices: list[ChoiceRow]
    bands: list[BandRow]


def version_rules(*, versions: Sequence[WorkbookVersion]) -> VersionRules:
    rules: list[RuleRow] = []
    choices: list[ChoiceRow] = []
    bands: list[BandRow] = []
    for version, content in versions:
        for question in content.questions:
            rules.append(
                RuleRow(
                    version.pk,
                    question.code,
                    question.area.code,
                    question.text,
                    question.type,
                    question.scoring,
                    question.max_points,
                    question.criticality,
                    question.requires_evidence,
                    question.allows_not_applicable,
                    question.points_yes,
                    question.points_no,
                    ",".join(question.categories or ()),
                    question.condition or None,
                )
            )
            for choice in question.choices.all():
                if choice.column_id is None:
                    choices.append(
                        ChoiceRow(
                            version.pk,
                            question.code,
                            choice.code,
                            choice.label,
                            choice.points,
                            choice.is_exclusive,
                        )
                    )
            for number, band in enumerate(question.bands or [], start=1):
                bands.append(
                    BandRow(
                        version.pk,
                        question.code,
                        number,
                        _decimal(band.get("min")),
                        _decimal(band.get("max")),
                        Decimal(str(band["points"])),
                    )
                )
    return VersionRules(rules=rules, choices=choices, bands=bands)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# An Answers row's question, its result in the shown score (None unscored), and the answer.
AnswerItem = tuple[Question, dict[str, Any] | None, AnswerRow | None]


def answer_items(
    *, content: LoadedVersion, score: ShownScore | None, answers: dict[int, AnswerRow]
) -> list[AnswerItem]:
    """The questions listed in Answers: those that count, were answered or had a value when
    scored, in the score's order; without a score, every answered one in answer order."""
    items: list[AnswerItem] = []
    if score is not None:
        by_code = content.by_code
        for result in score.questions:
            question = by_code.get(result["code"])
            if question is None:
                continue
            answer = answers.get(question.id)
            if result["applicable"] or answer is not None or result.get("value") is not None:
                items.append((question, result, answer))
    else:
        by_id = content.by_id
        for question_id, answer in answers.items():
            known = by_id.get(question_id)
            if known is not None:
                items.append((known, None, answer))
    return items


class GhgLineRow(NamedTuple):
    """A stored GHG line with the factor it was computed from: quantity x conversion (line
    unit to the factor's unit) x factor (tCO2e per factor unit) = tCO2e."""

    scope: Any  # 1, 2, "memo" (non-Kyoto, outside the scopes) or None (not computed)
    activity: str
    quantity: Any
    unit: str
    conversion: Decimal | None
    factor_unit: str
    factor: Decimal | float | None
    source: str
    counted: bool  # in a total, as the app counted it
    flag: str  # why not counted ("no_factor", "no_conversion", "no_gwp") or "memo"
    tco2e: Any  # as stored
    note: str


class GhgCalculationRow(NamedTuple):
    assessment_id: int
    factor_set: int | None
    computed_at: datetime.datetime
    scope1: Decimal
    scope2: Decimal  # location-based: the only Scope 2 the app computes
    memo_non_kyoto: Decimal
    intensity: Decimal | None  # tCO2e per RMB million of revenue
    revenue: Decimal | None  # the revenue answer now (the calculation does not keep it)
    lines: list[GhgLineRow]


_KG_PER_T = Decimal("0.001")


def _line_basis(
    line: dict[str, Any], table: FactorTable | None
) -> tuple[Decimal | None, str, Decimal | float | None]:
    """(conversion, factor unit, factor) of a stored line: the factor set's own factor and
    conversion where the calculation used them (`_line_factor`, the one home of that rule),
    else the stored factor per unit of the line."""
    activity, unit, stored = (
        str(line.get("activity") or ""),
        str(line.get("unit") or ""),
        line.get("factor"),
    )
    if stored is None:
        return None, "", None
    if activity.startswith("refrigerant:"):  # kg x GWP / 1000: the GWP is tCO2e per t of gas
        return _KG_PER_T, "t", stored
    if table is not None:
        found = _line_factor(activity, activity.split(":")[0], unit, table)
        if not isinstance(found, str):
            base = found[0]
            if base.unit == unit:
                return Decimal(1), unit, base.value
            converted = _gj_per_unit(activity.split(":")[0], unit, table)
            if converted is not None:
                return converted[0] / GJ_PER_UNIT[base.unit], base.unit, base.value
    return Decimal(1), unit, stored


def _ghg_line(line: dict[str, Any], table: FactorTable | None) -> GhgLineRow:
    scope = line.get("scope")
    computed = line.get("computed") is not False and line.get("factor") is not None
    conversion, factor_unit, factor = _line_basis(line, table)
    return GhgLineRow(
        scope=scope,
        activity=str(line.get("activity") or ""),
        quantity=line.get("quantity"),
        unit=str(line.get("unit") or ""),
        conversion=conversion,
        factor_unit=factor_unit,
        factor=factor,
        source=str(line.get("source") or ""),
        counted=computed and scope in (1, 2, "memo"),
        flag="memo" if scope == "memo" else "" if computed else line.get("reason") or "no_factor",
        tco2e=line.get("tco2e"),
        note=str(line.get("note") or ""),
    )


def ghg_calculation_rows(*, assessment_ids: Sequence[int]) -> Iterator[GhgCalculationRow]:
    """Each assessment's latest GHG calculation with its lines, in the order asked: three
    queries, and one per factor set and reporting year for its factors."""
    latest: dict[int, tuple[Any, ...]] = {}
    for row in (
        GhgCalculation.objects.filter(assessment_id__in=assessment_ids)
        .order_by("assessment_id", "computed_at", "pk")
        .values_list(
            "assessment_id",
            "lines",
            "factor_set_id",
            "factor_set__version",
            "assessment__campaign__period_start",
            "computed_at",
            "scope1",
            "scope2",
            "memo_non_kyoto",
            "intensity",
        )
    ):
        latest[row[0]] = row  # the last one wins
    revenues = dict(
        Answer.objects.filter(
            assessment_id__in=list(latest), question__code=REVENUE, not_applicable=False
        ).values_list("assessment_id", "value")
    )
    factor_sets = FactorSet.objects.in_bulk({row[2] for row in latest.values()})
    tables: dict[tuple[int, int], FactorTable] = {}
    for assessment_id in assessment_ids:
        calculation = latest.get(assessment_id)
        if calculation is None:
            continue
        _id, lines, set_id, set_version, period_start, computed_at, *totals = calculation
        scope1, scope2, memo, intensity = totals
        key = (set_id, period_start.year)
        if key not in tables:
            tables[key] = factor_table(factor_sets[set_id], period_start.year)
        yield GhgCalculationRow(
            assessment_id=assessment_id,
            factor_set=set_version,
            computed_at=computed_at,
            scope1=scope1,
            scope2=scope2,
            memo_non_kyoto=memo,
            intensity=intensity,
            revenue=_number(revenues.get(assessment_id)),
            lines=[_ghg_line(line, tables[key]) for line in lines if isinstance(line, dict)],
        )


class CorrectiveActionRow(NamedTuple):
    assessment_id: int
    question_code: str | None
    finding: str
    description: str
    severity: str
    due_on: datetime.date | None
    status: str
    response: str
    raised_by: str | None
    raised_at: datetime.datetime
    closed_by: str | None
    closed_at: datetime.datetime | None


def corrective_action_rows(*, assessment_ids: Sequence[int]) -> Iterator[CorrectiveActionRow]:
    """The assessments' corrective actions, by assessment id and then in the order raised."""
    rows = (
        CorrectiveAction.objects.filter(assessment_id__in=assessment_ids)
        .order_by("assessment_id", "pk")
        .values_list(
            "assessment_id",
            "question__code",
            "title",
            "description",
            "severity",
            "due_on",
            "status",
            "response",
            "raised_by__username",
            "raised_at",
            "closed_by__username",
            "closed_at",
        )
    )
    return map(CorrectiveActionRow._make, rows.iterator(chunk_size=ROWS_PER_FETCH))


class EventRow(NamedTuple):
    assessment_id: int
    at: datetime.datetime
    kind: str
    actor: str | None
    via: str
    question_code: str
    data: Any


def event_rows(*, assessment_ids: Sequence[int]) -> Iterator[EventRow]:
    """The assessments' events, by assessment id and then in time order."""
    rows = (
        Event.objects.filter(assessment_id__in=assessment_ids)
        .order_by("assessment_id", "at", "pk")
        .values_list(
            "assessment_id", "at", "kind", "actor__username", "via", "question_code", "data"
        )
    )
    return map(EventRow._make, rows.iterator(chunk_size=ROWS_PER_FETCH))
