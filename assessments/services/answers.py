"""Suppliers answering: typed values, drafts with conflict detection, evidence, submission."""

from __future__ import annotations

import datetime
import hashlib
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.definitions import visible_question_codes
from assessments.errors import (
    AnswerConflictError,
    AnswerInvalidError,
    AnswerLockedError,
    AssessmentStateError,
    EvidenceInvalidError,
    SubmissionIncompleteError,
)
from assessments.events import event_record
from assessments.models import Answer, Assessment, Event, EvidenceDocument, Question
from assessments.models.campaigns import DATA_QUALITY_CHOICES
from assessments.selectors import version_content_cached

MAX_TEXT = 10_000
MAX_TABLE_ROWS = 500
DATA_QUALITY_CODES = {code for code, _label in DATA_QUALITY_CHOICES}


# --- Values -------------------------------------------------------------------------------


def _choice_codes(question: Question, column_code: str = "") -> set[str]:
    return {
        choice.code
        for choice in question.choices.all()
        if (choice.column.code if choice.column is not None else "") == column_code
    }


def _number(value: Any, *, minimum: Decimal | None = None, maximum: Decimal | None = None) -> str:
    if isinstance(value, bool):
        raise ValueError(_("Enter a number."))
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(_("Enter a number.")) from exc
    if not number.is_finite():
        raise ValueError(_("Enter a number."))
    if minimum is not None and number < minimum:
        raise ValueError(_("Enter a number of at least %(min)s.") % {"min": minimum.normalize()})
    if maximum is not None and number > maximum:
        raise ValueError(_("Enter a number of at most %(max)s.") % {"max": maximum.normalize()})
    return format(number.normalize(), "f") if number == number.to_integral() else str(number)


def _date(value: Any) -> str:
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError as exc:
        raise ValueError(_("Enter a date as YYYY-MM-DD.")) from exc


def _scalar(kind: str, value: Any, question: Question, column_code: str = "") -> Any:
    if kind == "yes_no":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "yes", "1"):
            return True
        if str(value).lower() in ("false", "no", "0"):
            return False
        raise ValueError(_("Answer yes or no."))
    if kind == "single_choice":
        if str(value) not in _choice_codes(question, column_code):
            raise ValueError(_("Choose one of the options."))
        return str(value)
    if kind == "number":
        if column_code:
            return _number(value)
        return _number(value, minimum=question.min_value, maximum=question.max_value)
    if kind == "date":
        return _date(value)
    if kind == "text":
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValueError(_("At most %(max)s characters.") % {"max": MAX_TEXT})
        return text
    raise ValueError(_("This question takes no typed value."))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def clean_value(question: Question, value: Any) -> Any:
    """The stored form of an answer value, or ValueError with a message for the supplier."""
    if _empty(value):
        return None
    if question.type == Question.Type.MULTI_CHOICE:
        if not isinstance(value, list):
            raise ValueError(_("Choose any number of the options."))
        codes = _choice_codes(question)
        chosen = [str(item) for item in value]
        if any(item not in codes for item in chosen):
            raise ValueError(_("Choose among the options."))
        return [
            code for code in (choice.code for choice in question.choices.all()) if code in chosen
        ]
    if question.type == Question.Type.FILE:
        raise ValueError(_("Upload documents to answer this question."))
    if question.type == Question.Type.TABLE:
        return _clean_table(question, value) or None  # only blank rows: not answered
    return _scalar(question.type, value, question)


def _clean_table(question: Question, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise ValueError(_("A table is a list of rows."))
    if len(value) > MAX_TABLE_ROWS:
        raise ValueError(_("At most %(max)s rows.") % {"max": MAX_TABLE_ROWS})
    columns = list(question.columns.all())
    codes = {column.code for column in columns}
    rows = []
    for number, row in enumerate(value, start=1):
        unknown = sorted(set(row) - codes)
        if unknown:
            raise ValueError(
                _("Row %(row)s: unknown columns %(columns)s.")
                % {"row": number, "columns": ", ".join(unknown)}
            )
        if all(_empty(row.get(column.code)) for column in columns):
            continue  # an empty row added and left blank
        clean: dict[str, Any] = {}
        for column in columns:
            cell = row.get(column.code)
            if _empty(cell):
                if column.is_required:
                    raise ValueError(
                        _("Row %(row)s: %(column)s is required.")
                        % {"row": number, "column": column.label}
                    )
                clean[column.code] = None
                continue
            try:
                clean[column.code] = _scalar(column.type, cell, question, column.code)
            except ValueError as exc:
                raise ValueError(
                    _("Row %(row)s, %(column)s: %(error)s")
                    % {"row": number, "column": column.label, "error": exc}
                ) from exc
        rows.append(clean)
    return rows


# --- Saving -------------------------------------------------------------------------------


def _question(assessment: Assessment, code: str) -> Question:
    question = next(
        (q for q in version_content_cached(assessment.version)[1] if q.code == code), None
    )
    if question is None:
        raise AnswerInvalidError(
            _("No question %(code)s in this questionnaire.") % {"code": code},
            fields={"question_code": [_("Unknown question.")]},
        )
    categories = question.categories or []
    if categories and assessment.supplier.category.slug not in categories:
        raise AnswerInvalidError(
            _("Question %(code)s does not apply to your category.") % {"code": code},
            fields={"question_code": [_("Not for this supplier category.")]},
        )
    return question


def _check_open_for(assessment: Assessment, answer: Answer | None) -> None:
    if assessment.status in (Assessment.Status.INVITED, Assessment.Status.IN_PROGRESS):
        return
    if (
        assessment.status == Assessment.Status.RETURNED
        and answer is not None
        and answer.is_unlocked
    ):
        return
    if assessment.status == Assessment.Status.RETURNED:
        raise AnswerLockedError(
            _("Only the questions the reviewer queried can be changed now."),
        )
    raise AnswerLockedError(
        _("This assessment is %(status)s: answers cannot change.")
        % {"status": assessment.get_status_display()}
    )


def _start(assessment: Assessment) -> None:
    if assessment.status == Assessment.Status.INVITED:
        assessment.status = Assessment.Status.IN_PROGRESS
        assessment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def answer_save(
    *,
    assessment: Assessment,
    question_code: str,
    value: Any,
    user: User | None,
    revision: int | None,
    not_applicable: bool = False,
    justification: str = "",
    data_quality: str = "",
    supplier_response: str | None = None,
    via: str = Event.Via.WEB,
) -> Answer:
    """Save one answer as a draft; a stale `revision` is a conflict, never a silent overwrite."""
    assessment = (
        # Only the assessment's row: a plain FOR UPDATE would also lock the joined supplier,
        # category and questionnaire version, which every supplier's save shares.
        Assessment.objects.select_for_update(of=("self",))
        .select_related("supplier__category", "version")
        .get(pk=assessment.pk)
    )
    question = _question(assessment, question_code)
    answer = (
        Answer.objects.select_for_update().filter(assessment=assessment, question=question).first()
    )
    _check_open_for(assessment, answer)
    current = answer.revision if answer is not None else 0
    if revision is not None and revision != current:
        raise AnswerConflictError(
            _(
                "This answer was changed elsewhere (another tab or a colleague) since you opened "
                "it. Reload to see the saved answer, then apply your change again."
            ),
            current_revision=current,
            current_value=answer.value if answer is not None else None,
        )
    fields: dict[str, list[str]] = {}
    if not_applicable:
        if not question.allows_not_applicable:
            fields["not_applicable"] = [_("This question cannot be answered “not applicable”.")]
        elif not justification.strip():
            fields["justification"] = [_("Explain why the question does not apply.")]
        clean = None
    else:
        try:
            clean = clean_value(question, value)
        except ValueError as exc:
            fields["value"] = [str(exc)]
            clean = None
    if data_quality and data_quality not in DATA_QUALITY_CODES:
        fields["data_quality"] = [
            _("Choose metered, invoiced, calculated, estimated or secondary.")
        ]
    if fields:
        raise AnswerInvalidError(_("The answer is not valid."), fields=fields)
    old = (
        None if answer is None else {"value": answer.value, "not_applicable": answer.not_applicable}
    )
    if answer is None:
        answer = Answer(assessment=assessment, question=question, revision=0)
    answer.value = clean
    answer.not_applicable = not_applicable
    answer.justification = justification.strip() if not_applicable else ""
    answer.data_quality = data_quality if question.data_quality else ""
    if supplier_response is not None:
        answer.supplier_response = supplier_response.strip()
    answer.revision = current + 1
    answer.updated_by = user
    answer.save()
    _start(assessment)
    event_record(
        assessment=assessment,
        kind=Event.Kind.ANSWER_SAVED,
        actor=user,
        via=via,
        question_code=question.code,
        old=old,
        new={"value": answer.value, "not_applicable": answer.not_applicable},
    )
    return answer


# --- Evidence -----------------------------------------------------------------------------

SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
OOXML = {
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
}
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024


def sniff_evidence_type(stream: IO[bytes]) -> tuple[str, str]:
    """The real type from the content (PDF, PNG, JPEG, XLSX, DOCX), or EvidenceInvalidError."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                entries = archive.infolist()
                if (
                    len(entries) > ZIP_MAX_ENTRIES
                    or sum(e.file_size for e in entries) > ZIP_MAX_UNCOMPRESSED
                ):
                    raise EvidenceInvalidError(_("This archive unpacks to too much data."))
                names = {entry.filename for entry in entries}
        except zipfile.BadZipFile as exc:
            raise EvidenceInvalidError(_("This file is damaged.")) from exc
        finally:
            stream.seek(0)
        if "[Content_Types].xml" in names:
            for marker, (content_type, extension) in OOXML.items():
                if marker in names:
                    return content_type, extension
    raise EvidenceInvalidError(
        _(
            "Only PDF, PNG, JPEG, Excel (.xlsx) and Word (.docx) files are accepted; "
            "this file is none of them."
        )
    )


@dataclass
class CheckedUpload:
    name: str
    size: int
    sha256: str
    content_type: str
    extension: str


def check_upload(file: File) -> CheckedUpload:
    """Size within the limit, type from the content, SHA-256; the client's name only as a label."""
    size = file.size or 0
    limit = settings.EVIDENCE_MAX_BYTES
    if size == 0:
        raise EvidenceInvalidError(_("The file is empty."))
    if size > limit:
        raise EvidenceInvalidError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{limit / 1024 / 1024:.0f}"}
        )
    content_type, extension = sniff_evidence_type(file)  # type: ignore[arg-type]
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    name = (file.name or "document").replace("\\", "/").split("/")[-1]
    name = "".join(char for char in name if char.isprintable())[:200] or "document"
    return CheckedUpload(name, size, digest.hexdigest(), content_type, extension)


@transaction.atomic
def evidence_upload(
    *,
    assessment: Assessment,
    question_code: str,
    file: File,
    user: User | None,
    via: str = Event.Via.WEB,
) -> EvidenceDocument:
    """Attach a document to an answer: checked by content and size, kept privately with its hash."""
    assessment = (
        # Only the assessment's row: a plain FOR UPDATE would also lock the joined supplier,
        # category and questionnaire version, which every supplier's save shares.
        Assessment.objects.select_for_update(of=("self",))
        .select_related("supplier__category", "version")
        .get(pk=assessment.pk)
    )
    question = _question(assessment, question_code)
    answer = Answer.objects.filter(assessment=assessment, question=question).first()
    _check_open_for(assessment, answer)
    upload = check_upload(file)
    if answer is None:
        answer = Answer.objects.create(assessment=assessment, question=question, updated_by=user)
    document = EvidenceDocument(
        answer=answer,
        original_name=upload.name,
        size=upload.size,
        sha256=upload.sha256,
        content_type=upload.content_type,
        uploaded_by=user,
    )
    document.file.save(f"{assessment.pk}-{upload.sha256[:24]}{upload.extension}", file, save=False)
    document.save()
    _start(assessment)
    event_record(
        assessment=assessment,
        kind=Event.Kind.EVIDENCE_UPLOADED,
        actor=user,
        via=via,
        question_code=question.code,
        file=upload.name,
        sha256=document.sha256,
        size=upload.size,
    )
    return document


# --- Acknowledgement, completeness, submission --------------------------------------------


@transaction.atomic
def assessment_acknowledge_code(*, assessment: Assessment, user: User) -> Assessment:
    """The supplier acknowledges the code of conduct once, before answering."""
    if assessment.code_acknowledged_at is None:
        assessment.code_acknowledged_at = timezone.now()
        assessment.code_acknowledged_by = user
        assessment.save(
            update_fields=["code_acknowledged_at", "code_acknowledged_by", "updated_at"]
        )
        event_record(assessment=assessment, kind=Event.Kind.CODE_ACKNOWLEDGED, actor=user)
    return assessment


@transaction.atomic
def assessment_carry_acknowledgement(*, assessment: Assessment) -> Assessment:
    """The code of conduct is acknowledged once per supplier: later assessments carry it over."""
    if assessment.code_acknowledged_at is not None:
        return assessment
    earlier = (
        Assessment.objects.filter(supplier=assessment.supplier, code_acknowledged_at__isnull=False)
        .exclude(pk=assessment.pk)
        .order_by("code_acknowledged_at")
        .first()
    )
    if earlier is None:
        return assessment
    assessment.code_acknowledged_at = earlier.code_acknowledged_at
    assessment.code_acknowledged_by = earlier.code_acknowledged_by
    assessment.save(update_fields=["code_acknowledged_at", "code_acknowledged_by", "updated_at"])
    event_record(
        assessment=assessment,
        kind=Event.Kind.CODE_ACKNOWLEDGED,
        actor=earlier.code_acknowledged_by,
        via=Event.Via.SYSTEM,
        carried_from_assessment=earlier.pk,
    )
    return assessment


@dataclass
class MissingItem:
    question_code: str
    area_code: str
    text: str
    reason: str


def assessment_answers(assessment: Assessment) -> dict[str, Answer]:
    """The answers by question code, each with its question and evidence (two queries)."""
    questions = {q.pk: q for q in version_content_cached(assessment.version)[1]}
    documents: dict[int, list[EvidenceDocument]] = {}
    for document in EvidenceDocument.objects.filter(answer__assessment=assessment):
        documents.setdefault(document.answer_id, []).append(document)
    answers = {}
    for answer in assessment.answers.all():
        question = questions.get(answer.question_id)
        if question is not None:
            answer.question = question
        answer.evidence_documents = documents.get(answer.pk, [])
        answers[answer.question.code] = answer
    return answers


def visible_questions(assessment: Assessment, answers: dict[str, Answer]) -> list[Question]:
    """The questions this supplier sees: its category's, with conditions on its answers."""
    questions = version_content_cached(assessment.version)[1]
    definition = {
        "questions": [
            {"code": q.code, "categories": q.categories, "condition": q.condition}
            for q in questions
        ]
    }
    values = {code: answer.value for code, answer in answers.items() if not answer.not_applicable}
    shown = set(
        visible_question_codes(
            definition, category=assessment.supplier.category.slug, answers=values
        )
    )
    return [question for question in questions if question.code in shown]


def assessment_missing_items(assessment: Assessment) -> list[MissingItem]:
    """What stops submission: required answers and required evidence, each naming its question."""
    answers = assessment_answers(assessment)
    missing = []
    for question in visible_questions(assessment, answers):
        answer = answers.get(question.code)
        answered = answer is not None and (answer.not_applicable or not _empty(answer.value))
        has_evidence = answer is not None and any(
            doc.review_status != EvidenceDocument.ReviewStatus.REJECTED for doc in answer.documents
        )
        if question.type == Question.Type.FILE:
            answered = has_evidence or (answer is not None and answer.not_applicable)
        if question.is_required and not answered:
            missing.append(
                MissingItem(question.code, question.area.code, question.text, _("No answer yet."))
            )
        elif (
            question.requires_evidence
            and answered
            and not (answer is not None and answer.not_applicable)
            and not has_evidence
        ):
            missing.append(
                MissingItem(
                    question.code, question.area.code, question.text, _("Evidence is required.")
                )
            )
    return missing


@transaction.atomic
def assessment_submit(
    *, assessment: Assessment, attestation: bool, user: User | None, via: str = Event.Via.WEB
) -> Assessment:
    """Submit for review: every required answer and evidence, and the signed attestation."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status not in Assessment.EDITABLE_STATUSES:
        raise AssessmentStateError(
            _("This assessment is %(status)s and cannot be submitted.")
            % {"status": assessment.get_status_display()}
        )
    if not attestation:
        raise SubmissionIncompleteError(
            _("Confirm that the information is true, complete and supported by records."),
            fields={"attestation": [_("Required to submit.")]},
            missing=[],
        )
    missing = assessment_missing_items(assessment)
    if missing:
        raise SubmissionIncompleteError(
            _("%(count)s item(s) are missing before you can submit.") % {"count": len(missing)},
            missing=[item.__dict__ for item in missing],
        )
    now = timezone.now()
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = now
    assessment.attested_at = now
    assessment.attested_by = user
    assessment.save()
    assessment.answers.update(is_unlocked=False)
    event_record(assessment=assessment, kind=Event.Kind.SUBMITTED, actor=user, via=via)
    score_queue(assessment.pk, "provisional")
    return assessment


def score_queue(assessment_id: int, kind: str) -> None:
    from assessments.tasks import assessment_score_task

    transaction.on_commit(lambda: assessment_score_task.delay(assessment_id, kind))
