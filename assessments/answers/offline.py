"""Answers offline: the answers workbook (answers.xlsx) and its import.

The import is all or nothing. Every cell goes through the portal's value rules (`clean_value`,
and `answer_save` for "not applicable" and its justification); every problem is reported with
its sheet, row and column letter, and while there is any, nothing is saved. A row counts as
changed offline when what it says differs from the answer as downloaded (the fingerprint in the
hidden sheet) and from the answer stored now. Such a row is refused if the supplier may not
change the answer (a problem), and is a conflict if the answer was saved in the portal since the
download (its revision moved on); conflicts are reported by question code and nothing is saved.
The rows left as they were are never saved over the portal's answers.

Kept out of `services.py`, which other changes of the same issue edit; it is a service all the
same (one state change, one transaction, through `answer_save`, with its events).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.answers.selectors import (
    answer_fingerprint,
    assessment_answers,
    offline_answers,
)
from assessments.answers.services import answer_save
from assessments.answers.values import _empty, _scalar, clean_value
from assessments.answers.workbooks import (
    META_SHEET,
    OfflineCell,
    OfflineEntry,
    OfflineProblem,
    OfflineUpload,
    read_offline_workbook,
    split_codes,
    write_offline_workbook,
)
from assessments.errors import AnswerConflictError, AnswerInvalidError, AnswerLockedError
from assessments.models import Answer, Assessment, Campaign, Event, Question
from assessments.questionnaires.selectors import version_load
from core.errors import ApplicationError


class OfflineImportInvalidError(ApplicationError):
    """Cells the import cannot take: every one of them in `errors`; nothing was saved."""

    code = "invalid"
    status_code = 400


class OfflineImportConflictError(ApplicationError):
    """Answers changed offline and in the portal since the download: codes in `conflicts`."""

    code = "conflict"
    status_code = 409


@dataclass(frozen=True)
class OfflineImportResult:
    changed: int
    unchanged: int


def offline_workbook_bytes(*, assessment: Assessment) -> bytes:
    """The answers workbook of the assessment as it is now, in the active language."""
    stream = io.BytesIO()
    write_offline_workbook(answers=offline_answers(assessment=assessment), stream=stream)
    return stream.getvalue()


@dataclass
class _Change:
    question: Question
    entry: OfflineEntry
    value: Any
    not_applicable: bool
    justification: str
    answer: Answer | None


def answers_import_workbook(
    *, assessment: Assessment, file: File, user: User | None, via: str = Event.Via.IMPORT
) -> OfflineImportResult:
    """Apply an answers workbook all or nothing: every problem reported, conflicts refused."""
    upload = read_offline_workbook(stream=file, size=file.size or 0)  # type: ignore[arg-type]
    if upload.problems:
        raise _invalid(upload.problems)
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("supplier__category", "version", "campaign")
            .get(pk=assessment.pk)
        )
        # Every change is tried, even when some rows are refused already: the service's own
        # checks (not applicable, its justification) then report their cells too, and the
        # transaction is rolled back whatever was saved.
        changes, unchanged, problems, conflicts = _changes(locked, upload)
        for change in changes:
            entry = change.entry
            try:
                answer_save(
                    assessment=locked,
                    question_code=change.question.code,
                    value=change.value,
                    not_applicable=change.not_applicable,
                    justification=change.justification,
                    data_quality=change.answer.data_quality if change.answer else "",
                    revision=change.answer.revision if change.answer else 0,
                    user=user,
                    via=via,
                )
            except AnswerInvalidError as exc:
                problems.extend(_service_problems(entry, exc))
            except AnswerConflictError:  # saved in the portal while this upload was read
                conflicts.append(change.question.code)
            except AnswerLockedError as exc:
                problems.append(_at(entry.answer, exc.message))
        if problems:
            raise _invalid(sorted(problems, key=lambda p: (p.sheet, p.row or 0, p.column)))
        if conflicts:
            raise _conflict(conflicts)
    return OfflineImportResult(changed=len(changes), unchanged=unchanged)


def _invalid(problems: list[OfflineProblem]) -> OfflineImportInvalidError:
    return OfflineImportInvalidError(
        _("The workbook was not applied: %(count)s problem(s).") % {"count": len(problems)},
        errors=[problem.as_dict() for problem in problems],
    )


def _conflict(codes: list[str]) -> OfflineImportConflictError:
    return OfflineImportConflictError(
        _(
            "These answers were changed in the portal since the workbook was downloaded: "
            "%(codes)s. Nothing was applied. Download the workbook again and make your changes "
            "there."
        )
        % {"codes": ", ".join(codes)},
        conflicts=codes,
    )


def _at(cell: OfflineCell, message: str) -> OfflineProblem:
    return OfflineProblem(cell.sheet, cell.row, cell.column, message)


def _service_problems(entry: OfflineEntry, error: ApplicationError) -> list[OfflineProblem]:
    cells = {
        "value": entry.answer,
        "not_applicable": entry.not_applicable,
        "justification": entry.justification,
    }
    found = [
        _at(cells.get(field, entry.answer), str(message))
        for field, messages in error.fields.items()
        for message in messages
    ]
    return found or [_at(entry.answer, error.message)]


def _changes(
    assessment: Assessment, upload: OfflineUpload
) -> tuple[list[_Change], int, list[OfflineProblem], list[str]]:
    """The rows changed offline, the count of the others, the cells refused, the conflicts."""
    meta_problem = _check_meta(assessment, upload)
    if meta_problem is not None:
        raise _invalid([meta_problem])
    content = version_load(assessment.version)
    answers = assessment_answers(assessment)
    category = assessment.supplier.category.slug
    is_open = assessment.campaign.status != Campaign.Status.CLOSED
    problems: list[OfflineProblem] = []
    conflicts: list[str] = []
    changes: list[_Change] = []
    unchanged = 0
    seen: set[str] = set()
    for entry in upload.entries:
        code_cell = OfflineCell(entry.answer.sheet, entry.answer.row, "A", entry.code)
        question = content.question(entry.code)
        if question is None or (question.categories and category not in question.categories):
            problems.append(
                _at(
                    code_cell,
                    _("No question %(code)s in this questionnaire.") % {"code": entry.code},
                )
            )
            continue
        if question.type == Question.Type.FILE:
            continue  # answered by documents, in the portal
        downloaded = upload.downloaded.get(entry.code)
        if downloaded is None:
            problems.append(
                _at(
                    code_cell,
                    _("Question %(code)s was not in the downloaded workbook.")
                    % {"code": entry.code},
                )
            )
            continue
        if entry.code in seen:
            problems.append(
                _at(code_cell, _("Question %(code)s appears twice.") % {"code": entry.code})
            )
            continue
        seen.add(entry.code)
        found: list[OfflineProblem] = []
        value, not_applicable, justification = _typed_answer(question, entry, upload, found)
        if found:
            problems.extend(found)
            continue
        answer = answers.get(question.code)
        stored = (
            (answer.value, answer.not_applicable, answer.justification)
            if answer is not None
            else (None, False, "")
        )
        typed = (value, not_applicable, justification)
        fingerprint = answer_fingerprint(
            value=value, not_applicable=not_applicable, justification=justification
        )
        if fingerprint == downloaded.fingerprint or typed == stored:
            unchanged += 1
            continue
        if not (is_open and assessment.is_answer_editable_by_supplier(answer)):
            problems.append(
                _at(
                    entry.answer,
                    _("Question %(code)s is locked: its answer cannot change now.")
                    % {"code": question.code},
                )
            )
        elif (answer.revision if answer is not None else 0) != downloaded.revision:
            conflicts.append(question.code)
        else:
            changes.append(_Change(question, entry, value, not_applicable, justification, answer))
    return changes, unchanged, problems, conflicts


def _check_meta(assessment: Assessment, upload: OfflineUpload) -> OfflineProblem | None:
    if upload.assessment_id != str(assessment.pk):
        return OfflineProblem(
            META_SHEET,
            2,
            "B",
            _("This workbook is for another assessment: download this assessment's workbook."),
        )
    if upload.version_hash != assessment.version.content_hash:
        return OfflineProblem(
            META_SHEET,
            3,
            "B",
            _("This workbook is for another questionnaire version: download it again."),
        )
    return None


def _typed_answer(
    question: Question, entry: OfflineEntry, upload: OfflineUpload, problems: list[OfflineProblem]
) -> tuple[Any, bool, str]:
    """The answer a row says, cleaned by the value rules; each cell refused goes to `problems`."""
    not_applicable = False
    if not _empty(entry.not_applicable.value):
        try:
            not_applicable = bool(_scalar("yes_no", entry.not_applicable.value, question))
        except ValueError as exc:
            problems.append(_at(entry.not_applicable, str(exc)))
    if not_applicable:
        text = entry.justification.value
        return None, True, "" if text is None else str(text).strip()
    if question.type == Question.Type.TABLE:
        raw: Any = _table_rows(question, upload, problems)
        if problems:
            return None, False, ""
        sheet, _rows = upload.tables.get(question.code, ("", []))
        cell = OfflineCell(sheet, 1, "", None)
    elif question.type == Question.Type.MULTI_CHOICE:
        raw, cell = split_codes(entry.answer.value), entry.answer
    else:
        raw, cell = entry.answer.value, entry.answer
    try:
        return clean_value(question, raw), False, ""
    except ValueError as exc:
        problems.append(
            _at(cell, str(exc)) if cell.column else OfflineProblem(cell.sheet, None, "", str(exc))
        )
        return None, False, ""


def _table_rows(
    question: Question, upload: OfflineUpload, problems: list[OfflineProblem]
) -> list[dict[str, Any]]:
    """A table's rows as typed; each cell checked by the value rules of its column's type."""
    _sheet, rows = upload.tables.get(question.code, ("", []))
    columns = {column.code: column for column in question.columns.all()}
    typed = []
    for row in rows:
        values: dict[str, Any] = {}
        for code, cell in row.cells:
            column = columns.get(code)
            if column is None:
                continue
            if _empty(cell.value) or (isinstance(cell.value, str) and not cell.value.strip()):
                if column.is_required:
                    problems.append(
                        _at(
                            cell,
                            _("Row %(row)s: %(column)s is required.")
                            % {"row": cell.row, "column": column.label},
                        )
                    )
                values[code] = None
                continue
            try:
                values[code] = _scalar(column.type, cell.value, question, column.code)
            except ValueError as exc:
                problems.append(_at(cell, str(exc)))
        typed.append(values)
    return typed
