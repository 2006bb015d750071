"""The audit workbook: an Excel file auditors can re-check without access to the app.

Written with openpyxl in write-only mode from the rows `assessments.exports.selectors` yields,
one chunk of assessments at a time, and every sheet of the chunk is appended at once, so memory
stays flat however large the export. Each sheet continues on "<name> (2)", "<name> (3)"...
before it would pass Excel's row limit; an assessment's answers are never split across two
sheets, so its score formulas read one sheet.

`Answers` re-performs every point by formula from the answer as the score record kept it and
the published rules (`Rules`, `Choices`, `Bands`: `assessments.exports.formulas`), next to the
points the app stored and a check. `Scores` recomputes every area (one column set per area of
the versions in the workbook) and the overall score with SUMIFS over those formula points,
weighted by the area weights in `Summary`, recounts the failed critical items and re-applies
the label rules of `Summary`, each next to the value the app stored and a check column that is
TRUE when they agree.

Every text a user could have typed goes through `_text`: control characters that XML cannot
hold are dropped, and text starting with = + - @ tab or carriage return is written as a
quoted string (OWASP CSV injection guidance), so only our own formula columns are formulas."""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname

from assessments.answers.display import QuestionWords, answer_text, question_words
from assessments.exports import selectors
from assessments.exports.codes import (
    GHG_INTENSITY,
    GHG_LINE,
    GHG_MEMO,
    GHG_ROWS,
    GHG_SCOPE1,
    GHG_SCOPE2,
    code_rows,
)
from assessments.exports.columns import (
    DEFAULT_AREAS,
    SHEETS,
    Column,
    area_column_code,
    sheet_columns,
)
from assessments.exports.formulas import (
    INTENSITY_TOLERANCE,
    LINE_TOLERANCE,
    TOTAL_TOLERANCE,
    Formula,
    LabelCells,
    RuleCells,
    agrees_formula,
    area_score_formula,
    band_end_formula,
    band_test,
    check_template,
    choice_key,
    condition_words,
    count_agrees_formula,
    counts_template,
    critical_count_formula,
    critical_template,
    ghg_agrees_formula,
    ghg_intensity_formula,
    ghg_line_formula,
    ghg_total_formula,
    label_eligible_formula,
    max_points_template,
    option_points_template,
    overall_score_formula,
    points_template,
    rule_check_formula,
    rule_key,
    visible_check_template,
)
from assessments.exports.selectors import (
    AssessmentChunk,
    AssessmentHead,
    Scope,
    ShownScore,
    WorkbookVersion,
)
from assessments.exports.summary import Section, label_rules_rows, summary_head, summary_tail
from assessments.scope3.selectors import category1_compute
from assessments.scope3.workbooks import scope3_rows
from assessments.scoring.services import HIDDEN_REASON
from core.printing import print_setup

EXCEL_MAX_ROWS = 1_048_576


EXCEL_MAX_CELL = 32_767


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


HEADER_FONT = Font(bold=True, color="FFFFFF")


HEADER_FILL = PatternFill("solid", fgColor="2F6B3A")


HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")


HEADER_LINE_HEIGHT = 15  # points: one line of 11-point Calibri


TITLE_FONT = Font(bold=True, size=14)


SECTION_FONT = Font(bold=True, size=12)


# Score bands, as on the dashboard: below 50 red, 50-70 orange, 70-85 yellow, 85+ green.
BAND_FILLS = ((0, 50, "F4CCCC"), (50, 70, "FCE5CD"), (70, 85, "FFF2CC"), (85, None, "D9EAD3"))


def _score_columns(columns: Sequence[Column]) -> list[str]:
    """Scores: the recomputed and stored columns of every area and of the overall score."""
    return [
        get_column_letter(index)
        for index, column in enumerate(columns, start=1)
        if column.code.endswith(("_recomputed", "_stored")) and not column.code.startswith("crit")
    ]


class Sheet(Protocol):
    """A write-only worksheet, as `Workbook.create_sheet` returns it (its class is private)."""

    title: str
    column_dimensions: Any
    row_dimensions: Any
    page_setup: Any
    print_options: Any
    print_title_rows: Any
    sheet_properties: Any
    freeze_panes: Any
    auto_filter: Any
    conditional_formatting: Any

    def append(self, iterable: Iterable[Any]) -> None: ...


@dataclass
class Sheets:
    """The sheets of one workbook; each name continues on "<name> (2)" past the row limit."""

    workbook: Workbook
    columns: dict[str, list[Column]]
    max_rows: int
    parts: dict[str, list[Sheet]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # rows on the current part, header included
    written: dict[str, int] = field(default_factory=dict)  # data rows over all parts
    formats: dict[str, tuple[str | None, ...]] = field(default_factory=dict)

    def start(self, name: str) -> Sheet:
        parts = self.parts.setdefault(name, [])
        title = name if not parts else f"{name} ({len(parts) + 1})"
        sheet: Sheet = self.workbook.create_sheet(title)
        parts.append(sheet)
        columns = self.columns.get(name)
        self.rows[name] = 0
        self.written.setdefault(name, 0)
        print_setup(sheet)
        if columns:
            for index, column in enumerate(columns, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = column.width
            sheet.freeze_panes = "A2"
            sheet.row_dimensions[1].height = header_height(columns)
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

    def current(self, name: str) -> Sheet:
        return self.parts[name][-1] if name in self.parts else self.start(name)

    def room(self, name: str, count: int) -> Sheet:
        """The sheet to append `count` rows to, on a new part if they would not fit."""
        sheet = self.current(name)
        if self.rows[name] + count > self.max_rows and self.rows[name] > 1:
            sheet = self.start(name)
        return sheet

    def append(self, name: str, values: Sequence[Any]) -> int:
        """Append one data row; returns its row number on the part it went to."""
        sheet = self.room(name, 1)
        sheet.append(self.cells_of(sheet, name, values))
        self.rows[name] += 1
        self.written[name] += 1
        return self.rows[name]

    def cells_of(self, sheet: Sheet, name: str, values: Sequence[Any]) -> list[Any]:
        """The row as cells: user text made safe, local times, the columns' number formats."""
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
                    _band_formats(sheet, _score_columns(columns), rows)
        for name in SHEETS:
            self.current(name)  # every sheet exists, even when empty
        ordered = [sheet.title for name in SHEETS for sheet in self.parts[name]]
        for position, title in enumerate(ordered):
            self.workbook.move_sheet(title, position - self.workbook.sheetnames.index(title))


def header_height(columns: Sequence[Column]) -> float:
    """The header row's height in points, for its longest wrapped label.

    A row without a height is one line high in Excel and when printed, so a label that wraps
    spills over the first rows of data: the height is set for the lines the label needs
    (bold Calibri 11: about one character per width unit, a CJK character two; 15 points a
    line)."""
    lines = 1
    for column in columns:
        text = f"{column.label} ({column.code})"
        room = max(column.width - 1, 1)
        count, used = 1, 0
        for word in text.split():
            size = sum(2 if ord(char) > 0x2E7F else 1 for char in word)
            if used and used + 1 + size > room:
                count, used = count + 1, size
            else:
                used += size + (1 if used else 0)
            while used > room:  # a word longer than the column breaks inside it
                count, used = count + 1, used - room
        lines = max(lines, count)
    return HEADER_LINE_HEIGHT * lines + 2


def _naive(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: the time in the active time zone (the requester's, else the
    installation's), to the second, as the app shows it."""
    if timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return value.replace(microsecond=0)


# Text that needs care: a formula trigger first, or a character XML cannot hold anywhere.
_RISKY = re.compile(r"^[=+\-@\t\r]|[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(sheet: Sheet, value: str) -> Any:
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


def sheet_ref(sheet: Sheet) -> str:
    return quote_sheetname(sheet.title)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


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
    time_zone: datetime.tzinfo | str | None = None,
) -> Result:
    """Write the audit workbook of `scope` to `path`; returns the rows written per sheet.

    Times are written in `time_zone` (the requester's), by default the active one."""
    writer = _Writer(
        scope=scope,
        max_rows=max_rows or settings.EXPORT_MAX_ROWS_PER_SHEET,
        chunk_size=chunk_size or settings.EXPORT_CHUNK_SIZE,
        progress=progress or (lambda percent: None),
    )
    with timezone.override(time_zone or timezone.get_current_timezone()):
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
        self.sheets = Sheets(self.workbook, sheet_columns(), max_rows)
        self.versions: dict[int, WorkbookVersion] = {}
        self.words: dict[int, QuestionWords] = {}  # question id -> in the requester's language
        self.weight_cells: dict[tuple[int, str], str] = {}  # (version, area) -> Summary cell
        self.label_status: dict[int, str] = {}
        self._static: dict[int, tuple[Any, ...]] = {}  # question id -> its cells in Answers
        self._templates: dict[int, _QuestionTemplates] = {}  # question id -> its formulas
        self.area_codes: list[str] = []  # of every version in the workbook, in order
        self.score_letters: dict[str, str] = {}  # Scores column code -> letter
        self.rule_cells: dict[tuple[int, str], RuleCells] = {}  # (version, question) ->
        self.label_cells: LabelCells | None = None

    # The order of the work: Summary's weight table first (Scores formulas point at it), then
    # one pass over suppliers and one over assessments; Summary is written last.
    def write(self, path: str, *, export_id: int | None, requested_by: str) -> None:
        self.generated_at = timezone.now()
        assessments = self.scope.assessments
        assessment_ids = selectors.workbook_assessment_ids(assessments=assessments)
        for loaded in selectors.workbook_versions(assessments=assessments):
            self.versions[loaded.version.pk] = loaded
            for question in loaded.content.questions:
                self.words[question.id] = question_words(question)
            for area in loaded.content.areas:
                if area.code not in self.area_codes:
                    self.area_codes.append(area.code)
        # Scores has one set of columns per area of the versions (the default's without any).
        self.sheets.columns = sheet_columns(areas=self.area_codes or DEFAULT_AREAS)
        self.score_letters = {
            column.code: get_column_letter(index)
            for index, column in enumerate(self.sheets.columns["Scores"], start=1)
        }
        head, self.weight_cells = summary_head(
            export_id=export_id,
            requested_by=requested_by,
            scope_kind=self.scope.kind,
            scope_title=self.scope.title,
            filters=self.scope.filters,
            generated_at=_naive(self.generated_at),
            versions=self.versions.values(),
        )
        label_rows, self.label_cells = label_rules_rows(
            rules=selectors.label_rules_in_force(), first_row=len(head) + 1
        )
        head += label_rows
        self._rules()
        self.progress(2)
        self._suppliers()
        self.progress(5)
        total = max(len(assessment_ids), 1)
        done = 0
        for chunk in _chunks(assessment_ids, self.chunk_size):
            self._assessments(chunk)
            done += len(chunk)
            self.progress(5 + 90 * done // total)
        self._scope3()
        self._labels()
        self._codes()
        self._summary(head)
        self.sheets.finish()
        self.workbook.calculation.fullCalcOnLoad = True
        self.workbook.save(path)
        self.progress(99)

    # --- Summary --------------------------------------------------------------------------

    def _summary(self, head: list[list[Any]]) -> None:
        sheet = self.sheets.start("Summary")
        for letter, width in zip("ABCDE", (34, 30, 30, 18, 66), strict=True):
            sheet.column_dimensions[letter].width = width
        rows = head + summary_tail(written=self.sheets.written, sheets=SHEETS[1:])
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
        for row in selectors.supplier_rows(suppliers=self.scope.suppliers):
            self.label_status[row.id] = row.label_status or ""
            self.sheets.append("Suppliers", row)

    def _labels(self) -> None:
        for row in selectors.label_decision_rows(suppliers=self.scope.suppliers):
            self.sheets.append("Labels", row)

    def _codes(self) -> None:
        for row in code_rows(versions=self.versions.values()):
            self.sheets.append("Codes", row)

    # --- GHG --------------------------------------------------------------------------------

    def _ghg(self, ids: Sequence[int], codes: dict[int, str]) -> None:
        """Each line as quantity x conversion x factor by formula beside the stored tCO2e, then
        the totals as the app adds them (counted lines of each scope, the memo) and the
        intensity, each beside its stored value with a check; all on one part of GHG."""
        order = [column.code for column in self.sheets.columns["GHG"]]
        words = {kind: str(label) for kind, label in GHG_ROWS}
        for calculation in selectors.ghg_calculation_rows(assessment_ids=ids):
            self.sheets.room("GHG", len(calculation.lines) + 4)
            first = self.sheets.rows["GHG"] + 1
            last = first + len(calculation.lines) - 1
            common = {
                "supplier_code": codes[calculation.assessment_id],
                "assessment_id": calculation.assessment_id,
                "factor_set": calculation.factor_set,
                "computed_at": calculation.computed_at,
            }

            def append(common: dict[str, Any] = common, **values: Any) -> None:
                merged = common | values
                self.sheets.append("GHG", [merged.get(code) for code in order])

            for line in calculation.lines:
                row = self.sheets.rows["GHG"] + 1
                append(
                    row=GHG_LINE,
                    scope=line.scope,
                    activity=line.activity,
                    quantity=line.quantity,
                    unit=line.unit,
                    conversion=line.conversion,
                    factor_unit=line.factor_unit,
                    factor=line.factor,
                    factor_source=line.source,
                    counted=line.counted,
                    flag=line.flag,
                    tco2e_recomputed=ghg_line_formula(row),
                    tco2e_stored=line.tco2e,
                    tco2e_check=ghg_agrees_formula(row, LINE_TOLERANCE),
                    note=line.note,
                )
            totals: dict[str, int] = {}
            for kind, scope, stored in (
                (GHG_SCOPE1, 1, calculation.scope1),
                (GHG_SCOPE2, 2, calculation.scope2),
                (GHG_MEMO, "memo", calculation.memo_non_kyoto),
            ):
                row = totals[kind] = self.sheets.rows["GHG"] + 1
                append(
                    row=kind,
                    scope=scope,
                    activity=words[kind],
                    unit="tCO2e",
                    tco2e_recomputed=ghg_total_formula(
                        row=row, first=first, last=last, scope=scope
                    ),
                    tco2e_stored=_float(stored),
                    tco2e_check=ghg_agrees_formula(row, TOTAL_TOLERANCE),
                )
            row = self.sheets.rows["GHG"] + 1
            append(
                row=GHG_INTENSITY,
                activity=words[GHG_INTENSITY],
                quantity=calculation.revenue,
                unit=_("RMB million"),
                tco2e_recomputed=ghg_intensity_formula(
                    row=row, scope1=totals[GHG_SCOPE1], scope2=totals[GHG_SCOPE2]
                ),
                tco2e_stored=_float(calculation.intensity),
                tco2e_check=ghg_agrees_formula(row, INTENSITY_TOLERANCE, may_be_empty=True),
            )

    # --- Scope 3 Category 1 -----------------------------------------------------------------

    def _scope3(self) -> None:
        """The Category 1 of the campaign's reporting period for the workbook's suppliers, with
        the rows, formulas and checks of the Scope 3 export (`scope3_rows`), all on one part
        (the totals' ranges are fixed); a line instead when the scope has no period."""
        sheet = self.sheets.start("Scope3")
        if self.scope.period is None:
            rows: list[list[Any]] = [
                [_("Scope 3 Category 1 is in the workbook of a campaign, for its period.")]
            ]
        else:
            category1 = category1_compute(period=self.scope.period, suppliers=self.scope.suppliers)
            rows = scope3_rows(category1, first=self.sheets.rows["Scope3"] + 1)
        for values in rows:
            sheet.append(self.sheets.cells_of(sheet, "Scope3", values))
        self.sheets.rows["Scope3"] += len(rows)
        self.sheets.written["Scope3"] += len(rows)

    # --- The published rules the Answers formulas read -------------------------------------

    def _rules(self) -> None:
        """Rules, Choices and Bands, each on one sheet (the formulas' ranges are fixed)."""
        rules = selectors.version_rules(versions=list(self.versions.values()))
        rows: dict[str, list[list[Any]]] = {"Rules": [], "Choices": [], "Bands": []}
        spans: dict[str, dict[tuple[int, str], tuple[int, int]]] = {"Choices": {}, "Bands": {}}

        def listed(name: str, key: tuple[int, str]) -> None:
            """Record the row just added to `name` as the question's last (first if new)."""
            number = len(rows[name]) + 1
            first, _last = spans[name].get(key, (number, number))
            spans[name][key] = (first, number)

        for number, rule in enumerate(rules.rules, start=2):
            rows["Rules"].append(
                [
                    rule_key(rule.version_id, rule.question_code),
                    *rule[:-1],
                    condition_words(rule.condition),
                    rule_check_formula(
                        row=number,
                        scoring=rule.scoring,
                        criticality=rule.criticality,
                        requires_evidence=rule.requires_evidence,
                    ),
                ]
            )
        for choice in rules.choices:
            key = choice_key(choice.version_id, choice.question_code, choice.code)
            rows["Choices"].append([key, *choice])
            listed("Choices", (choice.version_id, choice.question_code))
        for number, band in enumerate(rules.bands, start=2):
            rows["Bands"].append(
                [
                    rule_key(band.version_id, band.question_code),
                    *band,
                    band_end_formula(f"E{number}", low=True),
                    band_end_formula(f"F{number}", low=False),
                ]
            )
            listed("Bands", (band.version_id, band.question_code))
        for name, values in rows.items():
            sheet = self.sheets.start(name)
            for row in values:
                sheet.append(self.sheets.cells_of(sheet, name, row))
            self.sheets.rows[name] += len(values)
            self.sheets.written[name] += len(values)
        # A question's choices and bands are listed together (its version's order), so each
        # is one block of rows the formulas address directly.
        self.rule_cells = {
            (rule.version_id, rule.question_code): RuleCells(
                rule_row=number,
                choices=spans["Choices"].get((rule.version_id, rule.question_code)),
                bands=spans["Bands"].get((rule.version_id, rule.question_code)),
            )
            for number, rule in enumerate(rules.rules, start=2)
        }

    # --- Assessments, one chunk at a time -------------------------------------------------

    def _assessments(self, ids: Sequence[int]) -> None:
        chunk = selectors.assessment_chunk(assessment_ids=ids)
        codes: dict[int, str] = {}
        for head in chunk.heads:
            codes[head.id] = head.supplier_code
            loaded = self.versions[head.version_id]
            score = chunk.scores.get(head.id)
            block = self._answers(head, loaded, score, chunk)
            self._score_row(head, loaded, score, block)
            self._critical(head, loaded, score)
            for document in chunk.evidence.get(head.id, ()):
                self.sheets.append("Evidence", [head.supplier_code, *document])
        self._ghg(ids, codes)
        for action in selectors.corrective_action_rows(assessment_ids=ids):
            self.sheets.append("CorrectiveActions", [codes[action.assessment_id], *action])
        for event in selectors.event_rows(assessment_ids=ids):
            details = json.dumps(event.data, ensure_ascii=False, sort_keys=True, default=str)
            self.sheets.append(
                "Events",
                [
                    codes[event.assessment_id],
                    event.assessment_id,
                    event.at,
                    event.kind,
                    event.actor,
                    event.via,
                    event.question_code,
                    "" if details in ("{}", "null") else details,
                ],
            )

    def _answers(
        self,
        head: AssessmentHead,
        loaded: WorkbookVersion,
        score: ShownScore | None,
        chunk: AssessmentChunk,
    ) -> tuple[Sheet, int, int]:
        """One row per question that was answered, counts or had a value when scored, all on
        one part of Answers; below a list answer, one helper row per chosen option.

        A scored row holds the answer as scored (from the score record; the current answer
        beside it, and whether it changed) and the formulas that re-perform its points from
        it and the rules sheets. Returns the part and the block's first and last row numbers
        (equal when empty).
        """
        items = selectors.answer_items(
            content=loaded.content, score=score, answers=chunk.answers.get(head.id, {})
        )
        evidence_counts = chunk.evidence_counts
        version_id = head.version_id
        kind = score.kind if score else None
        category = head.category or None
        prepared = []
        total = 0
        # The sheet row of each question's answer row, for the display conditions' formulas.
        positions: dict[str, int] = {}
        for question, result, answer in items:
            positions[question.code] = total
            scored = _as_scored(result, answer, evidence_counts)
            # Helper rows only under a scored row (they carry the points of its formulas).
            listed = result is not None and isinstance(scored[0], list) and _scalars(scored[0])
            options = scored[0] if listed else None
            prepared.append((question, result, answer, scored, options))
            total += 1 + (len(options) if options else 0)
        # The hot loop of a large export: rows go straight to the sheet, user text through
        # `_text`, the question's own texts once per question (`_static`), its formulas as
        # templates of the row number once per question (`_templates`).
        sheet = self.sheets.room("Answers", max(total, 1))
        first = self.sheets.rows["Answers"] + 1
        last = max(first, first + total - 1)
        positions = {code: first + offset for code, offset in positions.items()}
        supplier_code, assessment_id = _text(sheet, head.supplier_code), head.id
        quoted_code = isinstance(supplier_code, Cell)  # then a new cell on every row
        static = self._static
        words = self.words
        row = first - 1
        for question, result, answer, scored, options in prepared:
            row += 1
            question_id = question.id
            fixed = static.get(question_id)
            if fixed is None:
                own = (question.area.code, question.code, question.unit)
                fixed = static[question_id] = tuple(
                    _text(sheet, value) if value else None for value in own
                )
                if any(isinstance(value, Cell) for value in fixed):
                    del static[question_id]  # a quoted cell belongs to one row
            if quoted_code:
                supplier_code = _text(sheet, head.supplier_code)
            value, not_applicable, queried, evidence, changed = scored
            counts: tuple[Any, ...] = evidence
            if evidence == _NO_EVIDENCE and not (
                question.requires_evidence or question.scoring == "evidence"
            ):
                counts = _UNREAD_EVIDENCE  # no document, and no formula reads the counts
            if answer is not None:
                statuses = evidence_counts.get(answer.id)
                shown = answer_text(words=words[question_id], value=answer.value)
                current: tuple[Any, ...] = (
                    (_text(sheet, shown) or None) if type(shown) is str else shown,  # 0 stays 0
                    fixed[2],
                    answer.data_quality or None,
                    answer.not_applicable,
                    _text(sheet, answer.justification) if answer.justification else None,
                    "; ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
                    if statuses
                    else None,
                    answer.review_status or None,
                    _text(sheet, answer.review_comment) if answer.review_comment else None,
                )
            else:
                current = (None, fixed[2], None, False, None, None, None, None)
            if result is None:
                sheet.append(
                    (
                        supplier_code, assessment_id, fixed[0], fixed[1], *current,
                        None, version_id, category, None, "answer",
                        _value_cell(sheet, question.type, value), not_applicable, queried,
                        *counts,
                    )
                )  # fmt: skip
                continue
            t = self._templates.get(question_id)
            if t is None:
                t = self._templates[question_id] = _QuestionTemplates.of(
                    question, self.rule_cells[version_id, question.code]
                )
            visible = result.get("visible")
            if visible is None:  # a score stored before "visible" was kept
                visible = result["reason"] != HIDDEN_REASON
            helpers = len(options) if options else 0
            depends = positions.get(t.depends_on) if t.depends_on else None
            places = {
                "r": row, "f": first, "l": last, "h1": row + 1, "h2": row + helpers, "c": depends
            }  # fmt: skip
            points = t.options_points if options else t.points
            visible_check = t.visible_check if depends or not t.depends_on else t.visible_absent
            sheet.append(
                (
                    supplier_code, assessment_id, fixed[0], fixed[1], *current,
                    changed, version_id, category, kind, "answer",
                    _value_cell(sheet, question.type, value), not_applicable, queried, *counts,
                    t.rule_row, visible, depends,
                    visible_check.format_map(places) if visible_check else None,
                    points.format_map(places) if points else 0,
                    t.max_points.format_map(places), t.counts.format_map(places),
                    result["points"], result["max_points"], 1 if result["applicable"] else 0,
                    t.check.format_map(places),
                    t.critical.format_map(places) if t.critical else 0,
                    result["reason"] or None,
                )
            )  # fmt: skip
            for option in options or ():
                row += 1
                sheet.append(
                    (
                        supplier_code, assessment_id, fixed[0], fixed[1], None, None, None,
                        None, None, None, None, None, None, version_id, category, kind,
                        "choice", _value_cell(sheet, "", option), None, None, None, None, None,
                        None, None, None, None, t.option_points.format(r=row),
                    )
                )  # fmt: skip
        self.sheets.rows["Answers"] += total
        self.sheets.written["Answers"] += total
        return sheet, first, last

    def _score_row(
        self,
        head: AssessmentHead,
        loaded: WorkbookVersion,
        score: ShownScore | None,
        block: tuple[Sheet, int, int],
    ) -> None:
        """The stored scores next to formulas over the assessment's block of Answers rows:
        each area of the workbook's versions (empty for an area not in this version), the
        overall score, the failed critical items recounted, and the label rules re-applied.

        The ranges are the block's rows (so a 10,000-supplier workbook recalculates in
        seconds, not hours) and the assessment id is a criterion as well, so rows that are no
        longer where they were written (a sorted Answers sheet) show up as a FALSE check.
        """
        self.sheets.room("Scores", 1)
        row = self.sheets.rows["Scores"] + 1
        answer_sheet, first, last = block
        ref = sheet_ref(answer_sheet)
        own = {area.code for area in loaded.content.areas}
        stored_areas = {area["code"]: area for area in (score.areas if score else [])}
        letters = self.score_letters
        cells: list[Any] = []
        recomputed: list[tuple[str, str]] = []  # (cell, weight cell)
        area_letters: list[str] = []
        for code in self.area_codes:
            column = area_column_code(code)
            here, stored = letters[f"{column}_recomputed"], letters[f"{column}_stored"]
            if code in own:
                formula = area_score_formula(ref=ref, first=first, last=last, row=row, area=code)
                value = stored_areas.get(code, {}).get("score")
                recomputed.append((f"{here}{row}", self.weight_cells[head.version_id, code]))
                area_letters.append(here)
                cells += [formula, value, agrees_formula(here, stored, row)]
            else:
                cells += [None, None, None]
        here, stored = letters["overall_recomputed"], letters["overall_stored"]
        overall: Formula | None = overall_score_formula(recomputed) if recomputed else None
        failed = (score.critical_failures if score else None) or []
        recount, recount_stored = letters["critical_recomputed"], letters["critical_stored"]
        eligible = None
        if self.label_cells is not None and score is not None:
            eligible = label_eligible_formula(
                cells=self.label_cells,
                row=row,
                overall=here,
                areas=area_letters,
                critical=recount,
            )
        cells += [
            overall,
            _float(score.overall) if score else None,
            agrees_formula(here, stored, row),
            critical_count_formula(ref=ref, first=first, last=last, row=row),
            len(failed) if score else None,
            count_agrees_formula(recount, recount_stored, row),
            eligible,
        ]
        self.sheets.append(
            "Scores",
            [
                head.supplier_code,
                head.supplier_name,
                head.campaign,
                head.id,
                head.status,
                score.kind if score else "",
                *cells,
                self.label_status.get(head.supplier_id, ""),
                ", ".join(failed),
                score.computed_at if score else None,
                score.version_hash if score else "",
            ],
        )

    def _critical(
        self, head: AssessmentHead, loaded: WorkbookVersion, score: ShownScore | None
    ) -> None:
        if not score or not score.critical_failures:
            return
        results = {result["code"]: result for result in score.questions}
        for code in score.critical_failures:
            question = loaded.content.by_code.get(code)
            result = results.get(code, {})
            self.sheets.append(
                "Critical",
                [
                    head.supplier_code,
                    head.id,
                    question.area.code if question else "",
                    code,
                    question.text if question else "",
                    question.criticality if question else "",
                    result.get("points"),
                    result.get("max_points"),
                    result.get("reason", ""),
                ],
            )


# --- Answers: the answer as scored and the formulas of each question ---------------------

# Evidence counts as scored: accepted, pending, rejected.
_NO_EVIDENCE = (0, 0, 0)


# Written instead where there was no document and the question's points do not depend on
# evidence: three fewer cells on most rows, which LibreOffice saves faster.
_UNREAD_EVIDENCE = (None, None, None)


def _evidence(statuses: Iterable[str]) -> tuple[int, int, int]:
    statuses = list(statuses)
    return (statuses.count("accepted"), statuses.count("pending"), statuses.count("rejected"))


def _as_scored(
    result: dict[str, Any] | None,
    answer: selectors.AnswerRow | None,
    evidence_counts: dict[int, dict[str, int]],
) -> tuple[Any, bool, bool, tuple[int, int, int], bool | None]:
    """(value, not applicable, queried, evidence counts, changed since scored) of a row.

    From the score record when it kept the answer (`"value" in result`); else (no score, or a
    score stored before records kept their answers) from the current answer, changed unknown."""
    if result is not None and "value" in result:
        value = result["value"]
        not_applicable = bool(result.get("not_applicable"))
        if answer is None:
            changed = value is not None or not_applicable
        else:
            changed = value != answer.value or not_applicable != answer.not_applicable
        return (
            value,
            not_applicable,
            bool(result.get("queried")),
            _evidence(result.get("evidence") or ()),
            changed,
        )
    if answer is None:
        return None, False, False, _NO_EVIDENCE, None
    counts = evidence_counts.get(answer.id) or {}
    return (
        answer.value,
        answer.not_applicable,
        answer.review_status == "queried",
        (counts.get("accepted", 0), counts.get("pending", 0), counts.get("rejected", 0)),
        None,
    )


def _scalars(values: list[Any]) -> bool:
    return bool(values) and all(isinstance(value, str | int | float) for value in values)


def _value_cell(sheet: Sheet, question_type: str, value: Any) -> Any:
    """The answer as scored, as the formulas read it: empty when not answered (None, "", [],
    {}), TRUE/FALSE, a number for a number question (stored as text), text, or a list or
    table as JSON text (its options are on the helper rows)."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return str(value) if question_type == "number" else value
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, str):
        if question_type == "number":
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                number = None
            if number is not None and number.is_finite() and math.isfinite(float(number)):
                return float(number)
        return _text(sheet, value)
    return _text(sheet, json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


@dataclass(frozen=True)
class _QuestionTemplates:
    """A question's Answers formulas, as templates of the row ({r}), the assessment's block
    ({f}..{l}), a list answer's helper rows ({h1}..{h2}) and the row of the question its
    display condition depends on ({c}); its Rules row as a number. None where a row needs no
    formula (an unscored question's points are 0; an always-shown question's visibility is
    confirmed by its check)."""

    rule_row: int
    points: str | None
    options_points: str | None
    option_points: str
    max_points: str
    counts: str
    check: str
    critical: str | None
    visible_check: str | None
    visible_absent: str | None  # when the question the condition depends on has no row
    depends_on: str | None

    @classmethod
    def of(cls, question: Any, rules: RuleCells) -> _QuestionTemplates:
        scoring = question.scoring
        requires = bool(question.requires_evidence)
        categories = bool(question.categories)
        condition = question.condition or None
        return cls(
            rule_row=rules.rule_row,
            points=points_template(scoring, rules, options=False, requires_evidence=requires),
            options_points=points_template(
                scoring, rules, options=True, requires_evidence=requires
            ),
            option_points=option_points_template(rules),
            max_points=max_points_template(rules),
            counts=counts_template(),
            check=check_template(rules, always_shown=not categories and not condition),
            critical=critical_template(question.criticality),
            visible_check=visible_check_template(condition, rules, has_categories=categories),
            visible_absent=visible_check_template(
                condition, rules, has_categories=categories, listed=False
            ),
            depends_on=condition["question"] if condition else None,
        )


def _band_formats(sheet: Sheet, columns: Iterable[str], rows: int) -> None:
    """Colour score cells by band; a conditional format follows the recomputed values too."""
    for column in columns:
        for low, high, colour in BAND_FILLS:
            sheet.conditional_formatting.add(
                f"{column}2:{column}{max(rows, 2)}",
                FormulaRule(
                    formula=[band_test(f"{column}2", low, high)],
                    fill=PatternFill("solid", bgColor=colour),
                ),
            )
