"""The audit workbook: an Excel file auditors can re-check without access to the app.

Written with openpyxl in write-only mode. Rows are streamed from the database one chunk of
assessments at a time, and every sheet of the chunk is appended at once, so memory stays flat
however large the export. Each sheet continues on "<name> (2)", "<name> (3)"... before it
would pass Excel's row limit; an assessment's answers are never split across two sheets, so
its score formulas read one sheet.

`Scores` recomputes every area and overall score with SUMIFS over `Answers` (points and
maximum points of the questions that count), weighted by the area weights in `Summary`, next
to the value the app stored and a check column that is TRUE when they agree.

Every text a user could have typed goes through `_text`: control characters that XML cannot
hold are dropped, and text starting with = + - @ tab or carriage return is written as a
quoted string (OWASP CSV injection guidance), so only our own formula columns are formulas."""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from assessments.models import (
    Answer,
    Assessment,
    CorrectiveAction,
    Event,
    EvidenceDocument,
    GhgCalculation,
    GreenLabel,
    LabelDecision,
    LabelRules,
    Question,
    QuestionnaireVersion,
    Score,
)
from suppliers.models import Supplier

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


EXCEL_MAX_ROWS = 1_048_576


EXCEL_MAX_CELL = 32_767


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


HEADER_FONT = Font(bold=True, color="FFFFFF")


HEADER_FILL = PatternFill("solid", fgColor="2F6B3A")


HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")


TITLE_FONT = Font(bold=True, size=14)


SECTION_FONT = Font(bold=True, size=12)


# Score bands, as on the dashboard: below 50 red, 50-70 orange, 70-85 yellow, 85+ green.
BAND_FILLS = ((0, 50, "F4CCCC"), (50, 70, "FCE5CD"), (70, 85, "FFF2CC"), (85, None, "D9EAD3"))


# Scores: the recomputed and stored columns of A1...A6 and of the overall score.
SCORE_COLUMNS = tuple(
    get_column_letter(7 + 3 * position + offset)
    for position in range(AREA_COLUMNS + 1)
    for offset in (0, 1)
)


SCORE_FORMAT = "0.00"


NUMBER_FORMAT = "#,##0.######"


DATE_FORMAT = "yyyy-mm-dd"


DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


class Formula(str):
    """One of our own formulas: the only strings written as formulas."""


class Section(str):
    """A heading in Summary."""


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    width: int = 14
    number_format: str | None = None


@dataclass
class Sheets:
    """The sheets of one workbook; each name continues on "<name> (2)" past the row limit."""

    workbook: Workbook
    columns: dict[str, list[Column]]
    max_rows: int
    parts: dict[str, list[WriteOnlyWorksheet]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # rows on the current part, header included
    written: dict[str, int] = field(default_factory=dict)  # data rows over all parts
    formats: dict[str, tuple[str | None, ...]] = field(default_factory=dict)

    def start(self, name: str) -> WriteOnlyWorksheet:
        parts = self.parts.setdefault(name, [])
        title = name if not parts else f"{name} ({len(parts) + 1})"
        sheet = self.workbook.create_sheet(title)
        parts.append(sheet)
        columns = self.columns.get(name)
        self.rows[name] = 0
        self.written.setdefault(name, 0)
        if columns:
            for index, column in enumerate(columns, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = column.width
            sheet.freeze_panes = "A2"
            header = []
            for column in columns:
                cell = WriteOnlyCell(sheet, f"{column.label} ({column.code})")
                cell.font = HEADER_FONT
                cell.fill = HEADER_FILL
                cell.alignment = HEADER_ALIGNMENT
                header.append(cell)
            sheet.append(header)
            self.rows[name] = 1
        return sheet

    def current(self, name: str) -> WriteOnlyWorksheet:
        return self.parts[name][-1] if name in self.parts else self.start(name)

    def room(self, name: str, count: int) -> WriteOnlyWorksheet:
        """The sheet to append `count` rows to, on a new part if they would not fit."""
        sheet = self.current(name)
        if self.rows[name] + count > self.max_rows and self.rows[name] > 1:
            sheet = self.start(name)
        return sheet

    def append(self, name: str, values: Sequence[Any]) -> int:
        """Append one data row; returns its row number on the part it went to."""
        sheet = self.room(name, 1)
        sheet.append(self._cells(sheet, name, values))
        self.rows[name] += 1
        self.written[name] += 1
        return self.rows[name]

    def _cells(self, sheet: WriteOnlyWorksheet, name: str, values: Sequence[Any]) -> list[Any]:
        formats = self.formats.get(name)
        if formats is None:
            columns = self.columns.get(name, ())
            formats = self.formats[name] = tuple(column.number_format for column in columns)
        if not any(formats):  # the fast path of the big sheets (Answers)
            return [
                (_text(sheet, value) if value else None)
                if type(value) is str
                else _naive(value)
                if type(value) is datetime.datetime
                else value
                for value in values
            ]
        out: list[Any] = []
        for index, value in enumerate(values):
            kind = type(value)
            if kind is str:
                out.append(_text(sheet, value) if value else None)
                continue
            if kind is datetime.datetime:
                value = _naive(value)
            if value is not None and index < len(formats) and formats[index] is not None:
                cell = WriteOnlyCell(sheet, value)
                cell.number_format = formats[index]
                value = cell
            out.append(value)
        return out

    def finish(self) -> None:
        """Autofilters over each part's rows; sheets in the contract order."""
        for name, parts in self.parts.items():
            columns = self.columns.get(name)
            if not columns:
                continue
            last = get_column_letter(len(columns))
            for index, sheet in enumerate(parts):
                rows = self.rows[name] if index == len(parts) - 1 else self.max_rows
                sheet.auto_filter.ref = f"A1:{last}{max(rows, 1)}"
                if name == "Scores":
                    _band_formats(sheet, SCORE_COLUMNS, rows)
        for name in SHEETS:
            self.current(name)  # every sheet exists, even when empty
        ordered = [sheet for name in SHEETS for sheet in self.parts[name]]
        self.workbook._sheets = ordered  # write-only sheets keep their files


def _naive(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: local time of the installation, as shown in the app."""
    if timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return value


# Text that needs care: a formula trigger first, or a character XML cannot hold anywhere.
_RISKY = re.compile(r"^[=+\-@\t\r]|[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(sheet: WriteOnlyWorksheet, value: str) -> Any:
    """User text as a plain string cell: never a formula, never invalid XML (empty: no cell)."""
    if len(value) > EXCEL_MAX_CELL:
        value = value[: EXCEL_MAX_CELL - 1] + "…"
    if _RISKY.search(value) is None:
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value:
        return None
    if value[0] in FORMULA_TRIGGERS:
        cell = WriteOnlyCell(sheet, None)
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def sheet_ref(sheet: WriteOnlyWorksheet) -> str:
    return quote_sheetname(sheet.title)


@dataclass(frozen=True)
class ColumnInfo:
    code: str
    label: str
    unit: str
    type: str
    labels: dict[str, str]


@dataclass(frozen=True)
class QuestionInfo:
    id: int
    code: str
    area: str
    text: str
    unit: str
    type: str
    criticality: str
    max_points: Decimal
    labels: dict[str, str]
    columns: tuple[ColumnInfo, ...]


@dataclass
class VersionInfo:
    version: QuestionnaireVersion
    areas: list[tuple[str, str, Decimal]]  # code, title, weight, in order
    questions: dict[str, QuestionInfo]
    by_id: dict[int, QuestionInfo]
    weight_cells: dict[str, str] = field(default_factory=dict)  # area code -> Summary cell


def version_info(version: QuestionnaireVersion) -> VersionInfo:
    areas = [(area.code, area.title, area.weight) for area in version.areas.all()]
    questions: dict[str, QuestionInfo] = {}
    for question in version.questions.select_related("area").prefetch_related(
        "choices", "columns__choices"
    ):
        columns = tuple(
            ColumnInfo(
                column.code,
                column.label,
                column.unit,
                column.type,
                {choice.code: choice.label for choice in column.choices.all()},
            )
            for column in question.columns.all()
        )
        questions[question.code] = QuestionInfo(
            id=question.pk,
            code=question.code,
            area=question.area.code,
            text=question.text,
            unit=question.unit,
            type=question.type,
            criticality=question.criticality,
            max_points=question.max_points,
            labels={
                choice.code: choice.label
                for choice in question.choices.all()
                if choice.column_id is None
            },
            columns=columns,
        )
    by_id = {info.id: info for info in questions.values()}
    return VersionInfo(version, areas, questions, by_id)


def _scalar(kind: str, value: Any, labels: dict[str, str]) -> str:
    if value is None or value == "":
        return ""
    if kind == "yes_no":
        return str(_("Yes")) if value is True else str(_("No")) if value is False else str(value)
    if kind in ("single_choice", "multi_choice"):
        codes = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(code), str(code)) for code in codes)
    return str(value)


def answer_text(question: QuestionInfo, value: Any) -> Any:
    """The answer in words: choice labels, yes/no, table rows; numbers stay numbers."""
    if value is None or value in ("", [], {}):
        return None
    if question.type == "number":
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return str(value)
        return number if number.is_finite() else str(value)
    if question.type == "table" and isinstance(value, list):
        lines = []
        for row in value:
            if not isinstance(row, dict):
                continue
            parts = []
            for column in question.columns:
                text = _scalar(column.type, row.get(column.code), column.labels)
                unit = f" {column.unit}" if column.unit and text else ""
                parts.append(f"{column.label}: {text}{unit}")
            lines.append("; ".join(parts))
        return "\n".join(lines)
    if question.type in ("yes_no", "single_choice", "multi_choice"):
        return _scalar(question.type, value, question.labels)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _columns() -> dict[str, list[Column]]:
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


@dataclass
class Scope:
    """What goes in: the assessments (by id, in order) and the suppliers."""

    kind: str
    title: str
    assessments: QuerySet[Assessment]
    suppliers: QuerySet[Supplier]
    filters: dict[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    rows: int
    sheets: dict[str, int]


def write_workbook(
    path: str,
    *,
    scope: Scope,
    export_id: int | None = None,
    requested_by: str = "",
    progress: Callable[[int], None] | None = None,
    max_rows: int | None = None,
    chunk_size: int | None = None,
) -> Result:
    """Write the audit workbook of `scope` to `path`; returns the rows written per sheet."""
    writer = _Writer(
        scope=scope,
        max_rows=max_rows or settings.EXPORT_MAX_ROWS_PER_SHEET,
        chunk_size=chunk_size or settings.EXPORT_CHUNK_SIZE,
        progress=progress or (lambda percent: None),
    )
    writer.write(path, export_id=export_id, requested_by=requested_by)
    return Result(rows=sum(writer.sheets.written.values()), sheets=dict(writer.sheets.written))


class _Writer:
    def __init__(
        self, *, scope: Scope, max_rows: int, chunk_size: int, progress: Callable[[int], None]
    ) -> None:
        self.scope = scope
        self.chunk_size = chunk_size
        self.progress = progress
        self.workbook = Workbook(write_only=True)
        self.sheets = Sheets(self.workbook, _columns(), max_rows)
        self.versions: dict[int, VersionInfo] = {}
        self.label_status: dict[int, str] = {}
        self._static: dict[int, tuple[Any, ...]] = {}  # question id -> its cells in Answers

    # The order of the work: Summary's weight table first (Scores formulas point at it), then
    # one pass over suppliers and one over assessments; Summary is written last.
    def write(self, path: str, *, export_id: int | None, requested_by: str) -> None:
        self.generated_at = timezone.now()
        assessment_ids = list(self.scope.assessments.order_by("pk").values_list("pk", flat=True))
        version_ids = sorted(
            set(
                Assessment.objects.filter(pk__in=self.scope.assessments.values("pk"))
                .values_list("version_id", flat=True)
                .distinct()
            )
        )
        for version in QuestionnaireVersion.objects.filter(pk__in=version_ids).select_related(
            "questionnaire"
        ):
            self.versions[version.pk] = version_info(version)
        summary_head = self._summary_head(export_id=export_id, requested_by=requested_by)
        self.progress(2)
        self._suppliers()
        self.progress(5)
        total = max(len(assessment_ids), 1)
        done = 0
        for chunk in _chunks(assessment_ids, self.chunk_size):
            self._assessments(chunk)
            done += len(chunk)
            self.progress(5 + 90 * done // total)
        self._labels()
        self._summary(summary_head)
        self.sheets.finish()
        self.workbook.calculation.fullCalcOnLoad = True
        self.workbook.save(path)
        self.progress(99)

    # --- Summary --------------------------------------------------------------------------

    def _summary_head(self, *, export_id: int | None, requested_by: str) -> list[list[Any]]:
        """Facts and the area weights; records the cell of each weight for the formulas."""
        scope = self.scope
        rows: list[list[Any]] = [
            [Section(_("GreenGate audit workbook"))],
            [],
            [_("Export"), export_id],
            [_("Scope"), scope.kind, scope.title],
            [_("Filters"), json.dumps(scope.filters, ensure_ascii=False, sort_keys=True)],
            [_("Generated at"), _naive(self.generated_at), settings.TIME_ZONE],
            [_("Generated by"), requested_by],
            [],
            [Section(_("Questionnaire versions"))],
            [_("Version id"), _("Questionnaire"), _("Version"), _("Content hash (SHA-256)")],
        ]
        for info in self.versions.values():
            version = info.version
            rows.append(
                [version.pk, version.questionnaire.code, version.number, version.content_hash]
            )
        rows += [
            [],
            [Section(_("Area weights (used by the overall score formulas in Scores)"))],
            [_("Version id"), _("Area"), _("Title"), _("Column in Scores"), _("Weight")],
        ]
        for info in self.versions.values():
            for position, (code, title, weight) in enumerate(info.areas, start=1):
                rows.append([info.version.pk, code, title, f"A{position}", weight])
                info.weight_cells[code] = f"Summary!$E${len(rows)}"
        return rows

    def _summary(self, head: list[list[Any]]) -> None:
        sheet = self.sheets.start("Summary")
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 30
        sheet.column_dimensions["C"].width = 30
        sheet.column_dimensions["D"].width = 18
        sheet.column_dimensions["E"].width = 66
        rows = list(head)
        rows += [
            [],
            [Section(_("How the scores are computed"))],
            [
                _(
                    "Area score = 100 x points earned / maximum points of the questions that "
                    "count (Answers, Counts in score = 1), rounded to 2 decimals."
                )
            ],
            [
                _(
                    "Overall score = the mean of the area scores weighted by the area weights "
                    "above, over the areas that have points available, rounded to 2 decimals."
                )
            ],
            [
                _(
                    "An accepted 'not applicable' does not count; one the reviewer queried "
                    "counts with 0 points. Answers whose required evidence is missing or "
                    "rejected earn no points."
                )
            ],
            [
                _(
                    "Each 'recomputed' column in Scores is an Excel formula over Answers; the "
                    "'agrees' column is TRUE when it equals the stored value."
                )
            ],
            [
                _(
                    "The formulas read each assessment's block of rows in Answers: filter "
                    "Answers freely, but sort or edit a copy, or the checks turn FALSE."
                )
            ],
            [],
            [Section(_("Label rules in force"))],
        ]
        rules = LabelRules.objects.order_by("-version").first()
        if rules is not None:
            rows += [
                [_("Version"), rules.version],
                [_("Minimum overall score"), rules.min_overall],
                [_("Minimum score in every area"), rules.min_area],
                [_("No failed critical item"), rules.forbid_critical_failures],
                [_("No open critical corrective action"), rules.forbid_open_critical_actions],
                [_("No expired permit"), rules.forbid_expired_permits],
                [_("Validity in months"), rules.validity_months],
            ]
        rows += [[], [Section(_("Rows per sheet"))]]
        for name in SHEETS[1:]:
            rows.append([name, self.sheets.written.get(name, 0)])
        rows += [[], [Section(_("Codes used in the sheets"))]]
        for code, label in _code_legend():
            rows.append([code, label])
        for index, values in enumerate(rows):
            cells = [_text(sheet, v) if type(v) is str else v for v in values]
            if values and isinstance(values[0], Section):
                title = WriteOnlyCell(sheet, str(values[0]))
                title.font = TITLE_FONT if index == 0 else SECTION_FONT
                cells[0] = title
            sheet.append(cells)
        self.sheets.written["Summary"] = len(rows)

    # --- Suppliers and labels -------------------------------------------------------------

    def _suppliers(self) -> None:
        queryset = (
            self.scope.suppliers.order_by("pk")
            .select_related("category", "green_label")
            .values_list(
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
        )
        for row in queryset.iterator(chunk_size=2000):
            self.label_status[row[0]] = row[11] or ""
            self.sheets.append("Suppliers", row)

    def _labels(self) -> None:
        suppliers = self.scope.suppliers.values("pk")
        current = dict(
            GreenLabel.objects.filter(supplier__in=suppliers).values_list(
                "supplier_id", "valid_until"
            )
        )
        decisions = (
            LabelDecision.objects.filter(supplier__in=suppliers)
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
        for row in decisions.iterator(chunk_size=2000):
            supplier_id = row[0]
            self.sheets.append(
                "Labels",
                [
                    *row[1:],
                    self.label_status.get(supplier_id, ""),
                    current.get(supplier_id),
                ],
            )

    # --- Assessments, one chunk at a time -------------------------------------------------

    def _assessments(self, ids: Sequence[int]) -> None:
        heads = {
            row[0]: row
            for row in Assessment.objects.filter(pk__in=ids).values_list(
                "pk",
                "supplier__registration_code",
                "supplier__name",
                "campaign__name",
                "status",
                "version_id",
                "supplier_id",
            )
        }
        scores = self._scores(ids)
        answers: dict[int, dict[int, tuple[Any, ...]]] = defaultdict(dict)
        for row in Answer.objects.filter(assessment_id__in=ids).values_list(
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
            answers[row[0]][row[1]] = row
        evidence_status: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        evidence_rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for document in (
            EvidenceDocument.objects.filter(answer__assessment_id__in=ids)
            .order_by("answer__assessment_id", "pk")
            .values_list(
                "answer__assessment_id",
                "answer_id",
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
            evidence_status[document[1]][document[8]] += 1
            evidence_rows[document[0]].append(document)
        for assessment_id in ids:
            head = heads[assessment_id]
            info = self.versions[head[5]]
            score = scores.get(assessment_id)
            block = self._answers(
                head, info, score, answers.get(assessment_id, {}), evidence_status
            )
            self._score_row(head, info, score, block)
            self._critical(head, info, score)
            for row in evidence_rows.get(assessment_id, ()):
                self.sheets.append("Evidence", [head[1], assessment_id, *row[2:]])
        self._ghg(ids, heads)
        self._actions(ids, heads)
        self._events(ids, heads)

    def _scores(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The score shown in the app: the final one if any, else the latest provisional."""
        chosen: dict[int, tuple[bool, datetime.datetime, int]] = {}
        for pk, assessment_id, kind, computed_at in Score.objects.filter(
            assessment_id__in=ids
        ).values_list("pk", "assessment_id", "kind", "computed_at"):
            key = (kind == Score.Kind.FINAL, computed_at, pk)
            if assessment_id not in chosen or key > chosen[assessment_id]:
                chosen[assessment_id] = key
        scores: dict[int, dict[str, Any]] = {}
        for row in Score.objects.filter(pk__in=[key[2] for key in chosen.values()]).values(
            "assessment_id",
            "kind",
            "overall",
            "areas",
            "questions",
            "critical_failures",
            "computed_at",
            "version_hash",
        ):
            scores[row["assessment_id"]] = dict(row)
        return scores

    def _answers(
        self,
        head: tuple[Any, ...],
        info: VersionInfo,
        score: dict[str, Any] | None,
        answers: dict[int, tuple[Any, ...]],
        evidence_status: dict[int, dict[str, int]],
    ) -> tuple[WriteOnlyWorksheet, int, int]:
        """One row per question that was answered or counts, all on one part of Answers.

        Returns that part and the first and last row numbers of the block (equal when empty).
        """
        items: list[tuple[QuestionInfo, dict[str, Any] | None, tuple[Any, ...] | None]] = []
        if score is not None:
            for result in score["questions"]:
                question = info.questions.get(result["code"])
                if question is None:
                    continue
                answer = answers.get(question.id)
                if result["applicable"] or answer is not None:
                    items.append((question, result, answer))
        else:
            for question_id, answer in answers.items():
                question = info.by_id.get(question_id)
                if question is not None:
                    items.append((question, None, answer))
        # The hot loop of a large export: rows go straight to the sheet, user text through
        # `_text`, the question's own texts once per question (`_static`).
        sheet = self.sheets.room("Answers", max(len(items), 1))
        first = self.sheets.rows["Answers"] + 1
        supplier_code, assessment_id = _text(sheet, head[1]), head[0]
        quoted_code = isinstance(supplier_code, Cell)  # then a new cell on every row
        static = self._static
        rows = 0
        for question, result, answer in items:
            fixed = static.get(question.id)
            if fixed is None:
                fixed = static[question.id] = tuple(
                    _text(sheet, value) if value else None
                    for value in (question.area, question.code, question.text, question.unit)
                )
                if any(isinstance(value, Cell) for value in fixed):
                    del static[question.id]  # a quoted cell belongs to one row
            if result is not None:
                scored = (
                    result["points"],
                    result["max_points"],
                    1 if result["applicable"] else 0,
                    result["reason"] or None,
                )
            else:
                scored = (None, None, 0, None)
            if quoted_code:
                supplier_code = _text(sheet, head[1])
            if answer is not None:
                statuses = evidence_status.get(answer[2])
                shown = answer_text(question, answer[3])
                row = (
                    supplier_code,
                    assessment_id,
                    fixed[0],
                    fixed[1],
                    fixed[2],
                    _text(sheet, shown) if type(shown) is str and shown else shown or None,
                    fixed[3],
                    answer[6] or None,
                    answer[4],
                    _text(sheet, answer[5]) if answer[5] else None,
                    *scored,
                    "; ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
                    if statuses
                    else None,
                    answer[7] or None,
                    _text(sheet, answer[8]) if answer[8] else None,
                )
            else:
                row = (
                    supplier_code,
                    assessment_id,
                    fixed[0],
                    fixed[1],
                    fixed[2],
                    None,
                    fixed[3],
                    None,
                    False,
                    None,
                    *scored,
                    None,
                    None,
                    None,
                )
            sheet.append(row)
            rows += 1
        self.sheets.rows["Answers"] += rows
        self.sheets.written["Answers"] += rows
        return sheet, first, max(first, first + rows - 1)

    def _score_row(
        self,
        head: tuple[Any, ...],
        info: VersionInfo,
        score: dict[str, Any] | None,
        block: tuple[WriteOnlyWorksheet, int, int],
    ) -> None:
        """The stored scores next to formulas over the assessment's block of Answers rows.

        The ranges are the block's rows (so a 10,000-supplier workbook recalculates in
        seconds, not hours) and the assessment id is a criterion as well, so rows that are no
        longer where they were written (a sorted Answers sheet) show up as a FALSE check.
        """
        self.sheets.room("Scores", 1)
        row = self.sheets.rows["Scores"] + 1
        answer_sheet, first, last = block
        ref = sheet_ref(answer_sheet)
        stored_areas = {area["code"]: area for area in (score or {}).get("areas", [])}
        cells: list[Any] = []
        recomputed: list[tuple[str, str]] = []  # (cell, weight cell)
        for position in range(AREA_COLUMNS):
            col = 7 + position * 3
            here, stored, _check = (get_column_letter(col + offset) for offset in range(3))
            if position < len(info.areas):
                code = info.areas[position][0]

                earned = _sumifs(ref, first, last, "K", row, code)
                available = _sumifs(ref, first, last, "L", row, code)
                formula = Formula(f'=IF({available}=0,"",ROUND(100*{earned}/{available},2))')
                value = stored_areas.get(code, {}).get("score")
                recomputed.append((f"{here}{row}", info.weight_cells[code]))
                cells += [formula, value, _check_formula(here, stored, row)]
            else:
                cells += [None, None, None]
        col = 7 + AREA_COLUMNS * 3
        here, stored = get_column_letter(col), get_column_letter(col + 1)
        if recomputed:
            earned = "+".join(f"N({cell})*{weight}" for cell, weight in recomputed)
            weights = "+".join(f"ISNUMBER({cell})*{weight}" for cell, weight in recomputed)
            listed = ",".join(cell for cell, _weight in recomputed)
            overall: Any = Formula(f'=IF(COUNT({listed})=0,"",ROUND(({earned})/({weights}),2))')
        else:
            overall = None
        cells += [
            overall,
            _float(score["overall"]) if score else None,
            _check_formula(here, stored, row),
        ]
        failed = (score or {}).get("critical_failures") or []
        self.sheets.append(
            "Scores",
            [
                head[1],
                head[2],
                head[3],
                head[0],
                head[4],
                score["kind"] if score else "",
                *cells,
                self.label_status.get(head[6], ""),
                ", ".join(failed),
                score["computed_at"] if score else None,
                score["version_hash"] if score else "",
            ],
        )

    def _critical(
        self, head: tuple[Any, ...], info: VersionInfo, score: dict[str, Any] | None
    ) -> None:
        if not score or not score["critical_failures"]:
            return
        results = {result["code"]: result for result in score["questions"]}
        for code in score["critical_failures"]:
            question = info.questions.get(code)
            result = results.get(code, {})
            self.sheets.append(
                "Critical",
                [
                    head[1],
                    head[0],
                    question.area if question else "",
                    code,
                    question.text if question else "",
                    question.criticality if question else "",
                    result.get("points"),
                    result.get("max_points"),
                    result.get("reason", ""),
                ],
            )

    def _ghg(self, ids: Sequence[int], heads: dict[int, tuple[Any, ...]]) -> None:
        latest: dict[int, tuple[Any, ...]] = {}
        for row in (
            GhgCalculation.objects.filter(assessment_id__in=ids)
            .order_by("assessment_id", "computed_at", "pk")
            .values_list("assessment_id", "lines", "factor_set__version", "computed_at")
        ):
            latest[row[0]] = row  # the last one wins
        for assessment_id in ids:
            calculation = latest.get(assessment_id)
            if calculation is None:
                continue
            for line in calculation[1]:
                self.sheets.append(
                    "GHG",
                    [
                        heads[assessment_id][1],
                        assessment_id,
                        line.get("scope"),
                        line.get("activity", ""),
                        line.get("quantity"),
                        line.get("unit", ""),
                        line.get("factor"),
                        line.get("source", ""),
                        calculation[2],
                        line.get("tco2e"),
                        line.get("note", ""),
                        calculation[3],
                    ],
                )

    def _actions(self, ids: Sequence[int], heads: dict[int, tuple[Any, ...]]) -> None:
        for row in (
            CorrectiveAction.objects.filter(assessment_id__in=ids)
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
            .iterator(chunk_size=2000)
        ):
            self.sheets.append("CorrectiveActions", [heads[row[0]][1], *row])

    def _events(self, ids: Sequence[int], heads: dict[int, tuple[Any, ...]]) -> None:
        for row in (
            Event.objects.filter(assessment_id__in=ids)
            .order_by("assessment_id", "at", "pk")
            .values_list(
                "assessment_id", "at", "kind", "actor__username", "via", "question_code", "data"
            )
            .iterator(chunk_size=2000)
        ):
            details = json.dumps(row[6], ensure_ascii=False, sort_keys=True, default=str)
            self.sheets.append(
                "Events",
                [heads[row[0]][1], *row[:6], "" if details in ("{}", "null") else details],
            )


def _sumifs(ref: str, first: int, last: int, column: str, row: int, area: str) -> str:
    """Points (K) or maximum points (L) of one area's counting rows of one assessment."""

    def cells(letter: str) -> str:
        return f"{ref}!${letter}${first}:${letter}${last}"

    return f'SUMIFS({cells(column)},{cells("B")},$D{row},{cells("C")},"{area}",{cells("M")},1)'


def _check_formula(recomputed: str, stored: str, row: int) -> Formula:
    """TRUE when the recomputed and stored values agree (both empty counts as agreeing)."""
    a, b = f"{recomputed}{row}", f"{stored}{row}"
    return Formula(f'=IF({a}="",{b}="",IF({b}="",FALSE,ABS({a}-{b})<0.001))')


def _code_legend() -> Iterable[tuple[str, str]]:
    """What the status and decision codes in the sheets mean, in the requester's language."""
    choices: list[tuple[str, Any]] = [
        *Assessment.Status.choices,
        *Answer.ReviewStatus.choices,
        *EvidenceDocument.ReviewStatus.choices,
        *Score.Kind.choices,
        *CorrectiveAction.Severity.choices,
        *CorrectiveAction.Status.choices,
        *GreenLabel.Status.choices,
        *LabelDecision.Kind.choices,
        *Question.Criticality.choices,
        *Event.Kind.choices,
        *Event.Via.choices,
    ]
    seen: set[str] = set()
    for code, label in choices:
        if code in seen:
            continue
        seen.add(code)
        yield code, str(label)


def _band_formats(sheet: WriteOnlyWorksheet, columns: Iterable[str], rows: int) -> None:
    """Colour score cells by band; a conditional format follows the recomputed values too."""
    for column in columns:
        top = f"{column}2"
        for low, high, colour in BAND_FILLS:
            test = f"AND(ISNUMBER({top}),{top}>={low}" + (f",{top}<{high})" if high else ")")
            sheet.conditional_formatting.add(
                f"{column}2:{column}{max(rows, 2)}",
                FormulaRule(formula=[test], fill=PatternFill("solid", bgColor=colour)),
            )
