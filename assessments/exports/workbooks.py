"""The audit workbook: an Excel file auditors can re-check without access to the app.

Written with openpyxl in write-only mode from the rows `assessments.exports.selectors` yields,
one chunk of assessments at a time, and every sheet of the chunk is appended at once, so memory
stays flat however large the export. Each sheet continues on "<name> (2)", "<name> (3)"...
before it would pass Excel's row limit; an assessment's answers are never split across two
sheets, so its score formulas read one sheet.

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname

from assessments.answers.display import QuestionWords, answer_text, question_words
from assessments.exports import selectors
from assessments.exports.columns import AREA_COLUMNS, SHEETS, Column, sheet_columns
from assessments.exports.formulas import (
    Formula,
    agrees_formula,
    area_score_formula,
    band_test,
    overall_score_formula,
)
from assessments.exports.selectors import (
    AssessmentChunk,
    AssessmentHead,
    Scope,
    ShownScore,
    WorkbookVersion,
)
from assessments.exports.summary import Section, summary_head, summary_tail

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


class Sheet(Protocol):
    """A write-only worksheet, as `Workbook.create_sheet` returns it (its class is private)."""

    title: str
    column_dimensions: Any
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
                    _band_formats(sheet, SCORE_COLUMNS, rows)
        for name in SHEETS:
            self.current(name)  # every sheet exists, even when empty
        ordered = [sheet.title for name in SHEETS for sheet in self.parts[name]]
        for position, title in enumerate(ordered):
            self.workbook.move_sheet(title, position - self.workbook.sheetnames.index(title))


def _naive(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: local time of the installation, as shown in the app."""
    if timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return value


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
        self.sheets = Sheets(self.workbook, sheet_columns(), max_rows)
        self.versions: dict[int, WorkbookVersion] = {}
        self.words: dict[int, QuestionWords] = {}  # question id -> in the requester's language
        self.weight_cells: dict[tuple[int, str], str] = {}  # (version, area) -> Summary cell
        self.label_status: dict[int, str] = {}
        self._static: dict[int, tuple[Any, ...]] = {}  # question id -> its cells in Answers

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
        head, self.weight_cells = summary_head(
            export_id=export_id,
            requested_by=requested_by,
            scope_kind=self.scope.kind,
            scope_title=self.scope.title,
            filters=self.scope.filters,
            generated_at=_naive(self.generated_at),
            versions=self.versions.values(),
        )
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
        rules = selectors.label_rules_in_force()
        rows = head + summary_tail(rules=rules, written=self.sheets.written, sheets=SHEETS[1:])
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
        for line in selectors.ghg_line_rows(assessment_ids=ids):
            self.sheets.append("GHG", [codes[line.assessment_id], *line])
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
        """One row per question that was answered or counts, all on one part of Answers.

        Returns that part and the first and last row numbers of the block (equal when empty).
        """
        items = selectors.answer_items(
            content=loaded.content, score=score, answers=chunk.answers.get(head.id, {})
        )
        evidence_counts = chunk.evidence_counts
        # The hot loop of a large export: rows go straight to the sheet, user text through
        # `_text`, the question's own texts once per question (`_static`).
        sheet = self.sheets.room("Answers", max(len(items), 1))
        first = self.sheets.rows["Answers"] + 1
        supplier_code, assessment_id = _text(sheet, head.supplier_code), head.id
        quoted_code = isinstance(supplier_code, Cell)  # then a new cell on every row
        static = self._static
        words = self.words
        rows = 0
        for question, result, answer in items:
            question_id = question.id
            fixed = static.get(question_id)
            if fixed is None:
                own = (question.area.code, question.code, question.text, question.unit)
                fixed = static[question_id] = tuple(
                    _text(sheet, value) if value else None for value in own
                )
                if any(isinstance(value, Cell) for value in fixed):
                    del static[question_id]  # a quoted cell belongs to one row
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
                supplier_code = _text(sheet, head.supplier_code)
            if answer is not None:
                statuses = evidence_counts.get(answer.id)
                shown = answer_text(words=words[question_id], value=answer.value)
                row = (
                    supplier_code,
                    assessment_id,
                    fixed[0],
                    fixed[1],
                    fixed[2],
                    _text(sheet, shown) if type(shown) is str and shown else shown or None,
                    fixed[3],
                    answer.data_quality or None,
                    answer.not_applicable,
                    _text(sheet, answer.justification) if answer.justification else None,
                    *scored,
                    "; ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
                    if statuses
                    else None,
                    answer.review_status or None,
                    _text(sheet, answer.review_comment) if answer.review_comment else None,
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
        head: AssessmentHead,
        loaded: WorkbookVersion,
        score: ShownScore | None,
        block: tuple[Sheet, int, int],
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
        areas = loaded.content.areas
        stored_areas = {area["code"]: area for area in (score.areas if score else [])}
        cells: list[Any] = []
        recomputed: list[tuple[str, str]] = []  # (cell, weight cell)
        for position in range(AREA_COLUMNS):
            col = 7 + position * 3
            here, stored, _check = (get_column_letter(col + offset) for offset in range(3))
            if position < len(areas):
                code = areas[position].code
                formula = area_score_formula(ref=ref, first=first, last=last, row=row, area=code)
                value = stored_areas.get(code, {}).get("score")
                recomputed.append((f"{here}{row}", self.weight_cells[head.version_id, code]))
                cells += [formula, value, agrees_formula(here, stored, row)]
            else:
                cells += [None, None, None]
        col = 7 + AREA_COLUMNS * 3
        here, stored = get_column_letter(col), get_column_letter(col + 1)
        overall: Formula | None = overall_score_formula(recomputed) if recomputed else None
        cells += [
            overall,
            _float(score.overall) if score else None,
            agrees_formula(here, stored, row),
        ]
        failed = (score.critical_failures if score else None) or []
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
