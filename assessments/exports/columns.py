"""The audit workbook's sheets, in order, and their columns with widths and number formats.

Each column has a stable code (kept in the header after the label, so a reader of another
language or a script can rely on it) and a label in the requester's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

# The contract: these sheets, in this order (a full sheet continues on "<name> (2)" after it).
SHEETS = (
    "Summary",
    "Suppliers",
    "Scores",
    "Answers",
    "Evidence",
    "Critical",
    "GHG",
    "Scope3",
    "CorrectiveActions",
    "Labels",
    "Events",
    "Rules",
    "Choices",
    "Bands",
    "Codes",
)


# The areas of the default questionnaire, for a workbook of no assessment: Scores has one set of
# columns per area of the versions in the workbook, however many (`sheet_columns(areas=...)`).
DEFAULT_AREAS = ("A1", "A2", "A3", "A4", "A5", "A6")


# The Answers columns, in order: the formulas of `assessments.exports.formulas` read them by
# these codes (and a test keeps `sheet_columns()["Answers"]` in this order). A question's text
# and its display condition in words are on its Rules row (`rule_row`), once per question
# rather than on every answer row: LibreOffice loads and saves a large workbook faster.
ANSWER_CODES = (
    "supplier_code",
    "assessment_id",
    "area",
    "question_code",
    "answer",
    "unit",
    "data_quality",
    "not_applicable",
    "justification",
    "evidence_status",
    "review_status",
    "review_comment",
    "changed_since_scored",
    "version_id",
    "category",
    "score_kind",
    "row_kind",
    "value",
    "scored_not_applicable",
    "scored_queried",
    "evidence_accepted",
    "evidence_pending",
    "evidence_rejected",
    "rule_row",
    "visible",
    "condition_row",
    "visible_check",
    "points",
    "max_points",
    "counts",
    "points_stored",
    "max_points_stored",
    "counts_stored",
    "check",
    "critical_failure",
    "scoring_reason",
)


SCORE_FORMAT = "0.00"


NUMBER_FORMAT = "#,##0.######"


FACTOR_FORMAT = "0.##########"  # factors and conversions are small: keep their digits


DATE_FORMAT = "yyyy-mm-dd"


DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    width: int = 14
    number_format: str | None = None


def area_column_code(area: str) -> str:
    """The code part of an area's Scores columns ("A7" -> "a7_recomputed", ...)."""
    return area.lower()


def sheet_columns(areas: Sequence[str] = DEFAULT_AREAS) -> dict[str, list[Column]]:
    """The columns of every sheet but Summary, labelled in the active language; Scores has
    one recomputed, stored and check column per area of `areas`."""
    score_columns: list[Column] = []
    for area in areas:
        code = area_column_code(area)
        score_columns += [
            Column(
                f"{code}_recomputed", _("%(area)s recomputed") % {"area": area}, 12, SCORE_FORMAT
            ),
            Column(f"{code}_stored", _("%(area)s stored") % {"area": area}, 11, SCORE_FORMAT),
            Column(f"{code}_check", _("%(area)s agrees") % {"area": area}, 9),
        ]
    return {
        "Suppliers": [
            Column("supplier_id", _("Supplier id"), 10),
            Column("supplier_code", _("Supplier code"), 22),
            Column("name", _("Legal name"), 36),
            Column("name_en", _("English name"), 30),
            Column("category", _("Category"), 14),
            Column("country", _("Country"), 9),
            Column("region", _("Region"), 14),
            Column("status", _("Status"), 11),
            Column("contact_name", _("Contact name"), 18),
            Column("contact_email", _("Contact email"), 26),
            Column("contact_phone", _("Contact phone"), 16),
            Column("label_status", _("Label status"), 12),
            Column("label_valid_until", _("Label valid until"), 13, DATE_FORMAT),
            Column("registered_at", _("Registered at"), 17, DATETIME_FORMAT),
        ],
        "Scores": [
            Column("supplier_code", _("Supplier code"), 22),
            Column("supplier_name", _("Supplier name"), 30),
            Column("campaign", _("Campaign"), 24),
            Column("assessment_id", _("Assessment id"), 11),
            Column("status", _("Status"), 12),
            Column("score_kind", _("Score kind"), 12),
            *score_columns,
            Column("overall_recomputed", _("Overall recomputed"), 12, SCORE_FORMAT),
            Column("overall_stored", _("Overall stored"), 11, SCORE_FORMAT),
            Column("overall_check", _("Overall agrees"), 9),
            Column("critical_recomputed", _("Critical items failed, recounted"), 11),
            Column("critical_stored", _("Critical items failed, stored"), 11),
            Column("critical_check", _("Critical count agrees"), 9),
            Column("label_eligible", _("Eligible for the label by the score rules"), 12),
            Column("label_status", _("Label status"), 12),
            Column("critical_failed", _("Critical items failed"), 22),
            Column("scored_at", _("Scored at"), 17, DATETIME_FORMAT),
            Column("version_hash", _("Questionnaire content hash"), 20),
        ],
        "Answers": [
            Column("supplier_code", _("Supplier code"), 22),
            Column("assessment_id", _("Assessment id"), 11),
            Column("area", _("Area"), 7),
            Column("question_code", _("Question code"), 10),
            Column("answer", _("Answer now"), 36),
            Column("unit", _("Unit"), 10),
            Column("data_quality", _("Data quality"), 12),
            Column("not_applicable", _("Not applicable now"), 10),
            Column("justification", _("Justification"), 30),
            Column("evidence_status", _("Evidence status now"), 18),
            Column("review_status", _("Reviewer status"), 11),
            Column("review_comment", _("Reviewer comment"), 30),
            Column("changed_since_scored", _("Changed since scored"), 10),
            Column("version_id", _("Version id"), 9),
            Column("category", _("Supplier category"), 12),
            Column("score_kind", _("Score kind"), 11),
            Column("row_kind", _("Row"), 8),
            Column("value", _("Value as scored"), 24),
            Column("scored_not_applicable", _("Not applicable as scored"), 10),
            Column("scored_queried", _("Queried as scored"), 10),
            Column("evidence_accepted", _("Accepted documents as scored"), 10),
            Column("evidence_pending", _("Pending documents as scored"), 10),
            Column("evidence_rejected", _("Rejected documents as scored"), 10),
            Column("rule_row", _("Row in Rules"), 8),
            Column("visible", _("Shown to the supplier"), 10),
            Column("condition_row", _("Row of the question it depends on"), 9),
            Column("visible_check", _("Shown agrees"), 9),
            Column("points", _("Points recomputed"), 10),
            Column("max_points", _("Maximum points recomputed"), 10),
            Column("counts", _("Counts in score recomputed"), 10),
            Column("points_stored", _("Points stored"), 9),
            Column("max_points_stored", _("Maximum points stored"), 9),
            Column("counts_stored", _("Counts in score stored"), 9),
            Column("check", _("Points agree"), 9),
            Column("critical_failure", _("Critical item failed"), 9),
            Column("scoring_reason", _("Scoring reason"), 26),
        ],
        "Evidence": [
            Column("supplier_code", _("Supplier code"), 22),
            Column("assessment_id", _("Assessment id"), 11),
            Column("question_code", _("Question code"), 10),
            Column("file_name", _("File name"), 30),
            Column("size", _("Size in bytes"), 12, "#,##0"),
            Column("sha256", _("SHA-256"), 66),
            Column("uploaded_by", _("Uploaded by"), 18),
            Column("uploaded_at", _("Uploaded at"), 17, DATETIME_FORMAT),
            Column("review_status", _("Reviewer decision"), 12),
            Column("review_reason", _("Reviewer reason"), 30),
        ],
        "Critical": [
            Column("supplier_code", _("Supplier code"), 22),
            Column("assessment_id", _("Assessment id"), 11),
            Column("area", _("Area"), 7),
            Column("question_code", _("Question code"), 10),
            Column("question_text", _("Question"), 50),
            Column("criticality", _("Criticality"), 18),
            Column("points", _("Points"), 8),
            Column("max_points", _("Maximum points"), 9),
            Column("scoring_reason", _("Scoring reason"), 30),
        ],
        "GHG": [
            Column("supplier_code", _("Supplier code"), 22),
            Column("assessment_id", _("Assessment id"), 11),
            Column("row", _("Row"), 12),
            Column("scope", _("Scope"), 7),
            Column("activity", _("Activity"), 24),
            Column("quantity", _("Quantity"), 13, NUMBER_FORMAT),
            Column("unit", _("Unit"), 9),
            Column("conversion", _("Conversion to the factor unit"), 12, FACTOR_FORMAT),
            Column("factor_unit", _("Factor unit"), 8),
            Column("factor", _("Factor (tCO2e per factor unit)"), 12, FACTOR_FORMAT),
            Column("factor_source", _("Factor source"), 34),
            Column("factor_set", _("Factor set version"), 9),
            Column("counted", _("Counted in the totals"), 9),
            Column("flag", _("Flag"), 13),
            Column("tco2e_recomputed", _("tCO2e recomputed"), 13, NUMBER_FORMAT),
            Column("tco2e_stored", _("tCO2e stored"), 13, NUMBER_FORMAT),
            Column("tco2e_check", _("tCO2e agrees"), 9),
            Column("note", _("Note"), 28),
            Column("computed_at", _("Computed at"), 17, DATETIME_FORMAT),
        ],
        # The codes and order of `assessments.scope3.workbooks.COLUMNS`, which its formulas
        # address by letter (a test keeps the two in step).
        "Scope3": [
            Column("supplier", _("Supplier id"), 10),
            Column("supplier_name", _("Supplier name"), 30),
            Column("category", _("Category"), 14),
            Column("method", _("Method"), 18),
            Column("spend_cny", _("Spend (CNY)"), 14, NUMBER_FORMAT),
            Column("scope1_tco2e", _("Scope 1 (tCO2e)"), 12, NUMBER_FORMAT),
            Column("scope2_tco2e", _("Scope 2 (tCO2e)"), 12, NUMBER_FORMAT),
            Column("revenue_cny", _("Supplier revenue (CNY)"), 16, NUMBER_FORMAT),
            Column("allocation_share", _("Our share of the revenue"), 11, FACTOR_FORMAT),
            Column("declared_tco2e", _("Allocation declared (tCO2e)"), 12, NUMBER_FORMAT),
            Column("declared_method", _("Allocation basis"), 14),
            Column("factor_kgco2e_per_cny", _("Factor (kgCO2e per CNY)"), 12, FACTOR_FORMAT),
            Column("factor_source", _("Factor source"), 30),
            Column("reason", _("Why not a higher method"), 36),
            Column("result_tco2e_recomputed", _("tCO2e recomputed"), 13, NUMBER_FORMAT),
            Column("result_tco2e_stored", _("tCO2e stored"), 13, NUMBER_FORMAT),
            Column("result_check", _("tCO2e agrees"), 9),
        ],
        "CorrectiveActions": [
            Column("supplier_code", _("Supplier code"), 22),
            Column("assessment_id", _("Assessment id"), 11),
            Column("question_code", _("Question code"), 10),
            Column("finding", _("Finding"), 36),
            Column("description", _("What must be done"), 36),
            Column("severity", _("Severity"), 10),
            Column("due_on", _("Due date"), 11, DATE_FORMAT),
            Column("status", _("Status"), 10),
            Column("response", _("Supplier response"), 30),
            Column("raised_by", _("Raised by"), 16),
            Column("raised_at", _("Raised at"), 17, DATETIME_FORMAT),
            Column("closed_by", _("Closed by"), 16),
            Column("closed_at", _("Closed at"), 17, DATETIME_FORMAT),
        ],
        "Labels": [
            Column("supplier_code", _("Supplier code"), 22),
            Column("supplier_name", _("Supplier name"), 30),
            Column("decision", _("Decision"), 11),
            Column("at", _("At"), 17, DATETIME_FORMAT),
            Column("actor", _("By"), 16),
            Column("reason", _("Reason"), 36),
            Column("assessment_id", _("Assessment id"), 11),
            Column("score", _("Overall score"), 10, SCORE_FORMAT),
            Column("rules_version", _("Label rules version"), 10),
            Column("current_status", _("Current label status"), 12),
            Column("valid_until", _("Valid until"), 12, DATE_FORMAT),
        ],
        "Events": [
            Column("supplier_code", _("Supplier code"), 22),
            Column("assessment_id", _("Assessment id"), 11),
            Column("at", _("At"), 17, DATETIME_FORMAT),
            Column("event", _("Event"), 22),
            Column("actor", _("By"), 16),
            Column("via", _("Via"), 7),
            Column("question_code", _("Question code"), 10),
            Column("details", _("Details"), 60),
        ],
        "Rules": [
            Column("key", _("Key (version|question)"), 16),
            Column("version_id", _("Version id"), 9),
            Column("question_code", _("Question code"), 10),
            Column("area", _("Area"), 7),
            Column("question_text", _("Question"), 50),
            Column("type", _("Answer type"), 12),
            Column("scoring", _("Scoring rule"), 11),
            Column("max_points", _("Maximum points (the cap)"), 10),
            Column("criticality", _("Criticality"), 18),
            Column("requires_evidence", _("Requires evidence"), 10),
            Column("allows_not_applicable", _("Not applicable allowed"), 10),
            Column("points_yes", _("Points for yes"), 9),
            Column("points_no", _("Points for no"), 9),
            Column("categories", _("Only for categories"), 20),
            Column("condition", _("Shown when"), 36),
            Column("rule_check", _("Rule as the Answers formulas apply it"), 10),
        ],
        "Choices": [
            Column("key", _("Key (version|question|choice)"), 24),
            Column("version_id", _("Version id"), 9),
            Column("question_code", _("Question code"), 10),
            Column("choice_code", _("Choice code"), 20),
            Column("label", _("Choice"), 36),
            Column("points", _("Points"), 8),
            Column("exclusive", _("Excludes the other choices"), 10),
        ],
        "Bands": [
            Column("key", _("Key (version|question)"), 16),
            Column("version_id", _("Version id"), 9),
            Column("question_code", _("Question code"), 10),
            Column("band", _("Band"), 6),
            Column("min", _("From (included)"), 10),
            Column("max", _("Below (excluded)"), 10),
            Column("points", _("Points"), 8),
            Column("low", _("From, for the formulas"), 12),
            Column("high", _("Below, for the formulas"), 12),
        ],
        # The language columns are named in their own language, as a language menu does.
        "Codes": [
            Column("kind", _("Kind"), 20),
            Column("code", _("Code"), 30),
            Column("en", "English", 50),
            Column("zh_hans", "中文", 40),
        ],
    }
