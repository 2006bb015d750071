"""The Codes sheet of the audit workbook: every code the sheets hold, in English and Chinese.

The sheets keep stable codes (a status, a region, a choice) so that a script or a reader of
the other language can rely on them; this sheet says what each means in both languages,
whatever language the workbook was requested in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from assessments.answers.models import DATA_QUALITY_CHOICES
from assessments.exports.selectors import WorkbookVersion
from assessments.ghg.models import REASON_TEXTS
from assessments.models import (
    Answer,
    Assessment,
    CorrectiveAction,
    Event,
    EvidenceDocument,
    GreenLabel,
    LabelDecision,
    Question,
    Score,
)
from assessments.scope3.selectors import METHOD_LABELS as SCOPE3_METHODS
from suppliers.models import Category, Region, Supplier

ENGLISH, CHINESE = "en", "zh-hans"


# The kinds of row of the GHG sheet ("row" column) and why a line is not counted ("flag").
GHG_LINE = "line"
GHG_SCOPE1 = "scope1_total"
GHG_SCOPE2 = "scope2_location_total"
GHG_MEMO = "memo_total"
GHG_INTENSITY = "intensity"
GHG_ROWS: Sequence[tuple[str, Any]] = (
    (GHG_LINE, _("An activity line: quantity x conversion x factor = tCO2e")),
    (GHG_SCOPE1, _("Scope 1 total (tCO2e): the counted lines of scope 1")),
    (GHG_SCOPE2, _("Scope 2 total, location-based (tCO2e): the counted lines of scope 2")),
    (GHG_MEMO, _("Memo: non-Kyoto gases (CFC, HCFC), outside the scopes (tCO2e)")),
    (GHG_INTENSITY, _("Intensity: (Scope 1 + Scope 2) / revenue in RMB million")),
)
GHG_FLAGS: Sequence[tuple[str, Any]] = (
    *REASON_TEXTS.items(),
    ("memo", _("Non-Kyoto gas: counted in the memo total only, outside the scopes.")),
)

# The Scope3 sheet: the kinds of row below the suppliers' ("supplier" column).
SCOPE3_ROWS: Sequence[tuple[str, Any]] = (
    ("total", _('Total tCO2e of one method ("method" column), or of all')),
    (
        "primary_data_share",
        _("Primary-data share: supplier-declared and supplier-specific tCO2e over the total"),
    ),
)


# (kind, choices): the codes of the models, labelled by gettext.
FIXED_KINDS: Sequence[tuple[str, Iterable[tuple[str, Any]]]] = (
    ("region", Region.choices),
    ("supplier_status", Supplier.Status.choices),
    ("assessment_status", Assessment.Status.choices),
    ("score_kind", Score.Kind.choices),
    ("data_quality", DATA_QUALITY_CHOICES),
    ("review_status", Answer.ReviewStatus.choices),
    ("evidence_status", EvidenceDocument.ReviewStatus.choices),
    ("criticality", Question.Criticality.choices),
    ("label_status", GreenLabel.Status.choices),
    ("label_decision", LabelDecision.Kind.choices),
    ("action_severity", CorrectiveAction.Severity.choices),
    ("action_status", CorrectiveAction.Status.choices),
    ("event", Event.Kind.choices),
    ("via", Event.Via.choices),
    ("ghg_row", GHG_ROWS),
    ("ghg_flag", GHG_FLAGS),
    ("scope3_method", SCOPE3_METHODS.items()),
    ("scope3_row", SCOPE3_ROWS),
)


def _both(label: Any) -> tuple[str, str]:
    with override(ENGLISH):
        english = str(label)
    with override(CHINESE):
        chinese = str(label)
    return english, chinese


def code_rows(*, versions: Iterable[WorkbookVersion]) -> Iterator[tuple[str, str, str, str]]:
    """(kind, code, English, Chinese) of every code used in the sheets: the categories, the
    models' codes, and the areas and choices of the workbook's questionnaire versions."""
    for slug, name_en, name_zh in Category.objects.order_by("sort_order", "slug").values_list(
        "slug", "name_en", "name_zh"
    ):
        yield "category", slug, name_en, name_zh
    for kind, choices in FIXED_KINDS:
        for code, label in choices:
            yield kind, str(code), *_both(label)
    seen: set[tuple[str, str, str, str]] = set()
    for _version, content in versions:
        for area in content.areas:
            row = ("area", area.code, area.title_en, area.title_zh)
            if row not in seen:
                seen.add(row)
                yield row
        for question in content.questions:
            for choice in question.choices.all():
                where = (
                    question.code
                    if choice.column is None
                    else f"{question.code}.{choice.column.code}"
                )
                row = ("choice", f"{where}: {choice.code}", choice.label_en, choice.label_zh)
                if row not in seen:
                    seen.add(row)
                    yield row
