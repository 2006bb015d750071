"""The audit workbook's sheets, in order, and their columns with widths and number formats.

Each column has a stable code (kept in the header after the label, so a reader of another
language or a script can rely on it) and a label in the requester's language.
"""

from __future__ import annotations

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
    "CorrectiveActions",
    "Labels",
    "Events",
)


AREA_COLUMNS = 6  # A1...A6: the six areas of the supplier code of conduct


SCORE_FORMAT = "0.00"


NUMBER_FORMAT = "#,##0.######"


DATE_FORMAT = "yyyy-mm-dd"


DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    width: int = 14
    number_format: str | None = None


def sheet_columns() -> dict[str, list[Column]]:
    """The columns of every sheet but Summary, labelled in the active language."""
    score_columns: list[Column] = []
    for index in range(1, AREA_COLUMNS + 1):
        score_columns += [
            Column(f"a{index}_recomputed", _("A%(n)s recomputed") % {"n": index}, 12, SCORE_FORMAT),
            Column(f"a{index}_stored", _("A%(n)s stored") % {"n": index}, 11, SCORE_FORMAT),
            Column(f"a{index}_check", _("A%(n)s agrees") % {"n": index}, 9),
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
            Column("question_text", _("Question"), 50),
            Column("answer", _("Answer"), 36),
            Column("unit", _("Unit"), 10),
            Column("data_quality", _("Data quality"), 12),
            Column("not_applicable", _("Not applicable"), 10),
            Column("justification", _("Justification"), 30),
            Column("points", _("Points"), 8),
            Column("max_points", _("Maximum points"), 9),
            Column("counts", _("Counts in score"), 9),
            Column("scoring_reason", _("Scoring reason"), 26),
            Column("evidence_status", _("Evidence status"), 18),
            Column("review_status", _("Reviewer status"), 11),
            Column("review_comment", _("Reviewer comment"), 30),
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
            Column("scope", _("Scope"), 7),
            Column("activity", _("Activity"), 26),
            Column("quantity", _("Quantity"), 14, NUMBER_FORMAT),
            Column("unit", _("Unit"), 10),
            Column("factor", _("Factor"), 14, NUMBER_FORMAT),
            Column("factor_source", _("Factor source"), 40),
            Column("factor_set", _("Factor set version"), 10),
            Column("tco2e", _("Result (tCO2e)"), 14, NUMBER_FORMAT),
            Column("note", _("Note"), 30),
            Column("computed_at", _("Computed at"), 17, DATETIME_FORMAT),
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
    }
