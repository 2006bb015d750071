"""A supplier's results in plain words: what each question earned and why, and what to do next.

Pure: no ORM and no requests. It reads a stored final score (its `questions`, `areas` and
`critical_failures`, plain data) and `scoring.calculation.path_to_green`'s improvements, and
words them with the texts of the assessment's own version in the active language. Every string
goes through gettext; no reason string of the calculation, question code or raw figure such as
"+5 (15.6 / 100)" is shown.

The calculation writes a reason with every question score (`calculation._raw_points`,
`_evidence_check`, `_score_question`, `score_assessment`); `cause` reads it back into one of the
CAUSES below, and the tests run every rule of the calculation through it, so a reason that
changes there fails here rather than showing as "No credit".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from assessments.scoring.calculation import QUERIED, Improvement, area_assessed

# What a stored reason says happened, in the calculation's words (see the module docstring).
NOT_APPLICABLE = "not_applicable"
DOES_NOT_APPLY = "does_not_apply"
QUERIED_BY_REVIEWER = "queried"
UNANSWERED = "unanswered"
DOCUMENT_MISSING = "document_missing"
DOCUMENT_REJECTED = "document_rejected"
DOCUMENT_NOT_ACCEPTED = "document_not_accepted"
ANSWER_YES = "yes"
ANSWER_NO = "no"
CHOICE = "choice"
BAND = "band"
NOT_A_NUMBER = "not_a_number"
ANSWERED = "answered"
NOT_SCORED = "not_scored"
OTHER = "other"

# The outcome of a question, for the page's styles (full, partial, none, not applicable...).
FULL = "full"
PARTIAL = "partial"
NONE = "none"
NOT_APPLICABLE_OUTCOME = "not_applicable"
UNSCORED = "unscored"


def cause(reason: str, evidence: Sequence[str] | None = None) -> str:
    """The cause behind a stored reason of `scoring.calculation` (one of the constants above).

    `evidence` is the review status of each document as scored, where the score record keeps
    it: the `evidence` rule says "no accepted evidence" whether there is none or it was rejected.
    """
    if evidence is not None and reason.startswith("no accepted evidence"):
        if not evidence:
            return DOCUMENT_MISSING
        if all(status == "rejected" for status in evidence):
            return DOCUMENT_REJECTED
    if QUERIED in reason:
        return QUERIED_BY_REVIEWER
    if reason.startswith("not applicable"):
        return NOT_APPLICABLE
    if reason == "does not apply":
        return DOES_NOT_APPLY
    if reason == "not answered":
        return UNANSWERED
    if reason == "required evidence missing":
        return DOCUMENT_MISSING
    if reason == "evidence rejected":
        return DOCUMENT_REJECTED
    if reason.startswith(("no accepted evidence", "required evidence not accepted")):
        return DOCUMENT_NOT_ACCEPTED
    if reason.startswith("answered yes"):
        return ANSWER_YES
    if reason.startswith("answered no"):
        return ANSWER_NO
    if reason.startswith("chose "):
        return CHOICE
    if reason == "not a number":
        return NOT_A_NUMBER
    if " in band " in reason or reason.endswith(" in no band"):
        return BAND
    if reason.startswith("answered"):
        return ANSWERED
    if reason == "not scored":
        return NOT_SCORED
    return OTHER


@dataclass(frozen=True)
class QuestionInfo:
    """What the wording needs of a question of the version, in the active language."""

    code: str
    text: str
    type: str
    points_yes: Decimal | None = None
    points_no: Decimal | None = None
    best_choice: str = ""  # the label of the single choice that earns most


@dataclass(frozen=True)
class QuestionResult:
    code: str
    text: str
    outcome: str
    words: str
    is_critical_failure: bool


@dataclass(frozen=True)
class AreaResult:
    code: str
    title: str
    score: Decimal | None  # None: not assessed (nothing in it applies)
    points: Decimal
    max_points: Decimal
    questions: tuple[QuestionResult, ...]
    unscored: tuple[QuestionResult, ...]  # information only: shown apart


@dataclass(frozen=True)
class Action:
    code: str
    text: str  # the question's text
    area: str
    words: str  # "Upload the required document: +10 points in A1"
    is_critical: bool


@dataclass(frozen=True)
class Results:
    overall: Decimal | None
    areas: tuple[AreaResult, ...]
    critical: tuple[QuestionResult, ...]  # failed critical items, first on the page
    actions: tuple[Action, ...]


def question_info(question: Any) -> QuestionInfo:
    """The wording's view of a version's question (a model row with its choices prefetched),
    in the active language."""
    own = [choice for choice in question.choices.all() if choice.column_id is None]
    best = max(own, key=lambda choice: choice.points, default=None)
    return QuestionInfo(
        code=question.code,
        text=question.text,
        type=question.type,
        points_yes=question.points_yes,
        points_no=question.points_no,
        best_choice=best.label if best is not None and best.points > 0 else "",
    )


def number_text(value: Any) -> str:
    """A figure as a person writes it: 10, 2.5 (never 10.00 or 1E+1)."""
    number = Decimal(str(value or 0)).quantize(Decimal("0.01")).normalize()
    return f"{number:f}"


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value or 0))


def result_words(*, question: Mapping[str, Any], is_critical_failure: bool) -> tuple[str, str]:
    """(outcome, words) of one stored question score: "Full credit", "No credit: ..."."""
    points, maximum = _decimal(question["points"]), _decimal(question["max_points"])
    why = _cause_of(question)
    if why == NOT_APPLICABLE:
        return NOT_APPLICABLE_OUTCOME, _("Not applicable")
    if maximum <= 0:
        if is_critical_failure:
            if why == QUERIED_BY_REVIEWER:
                return NONE, _("Critical item failed: your customer queried this answer")
            return NONE, _("Critical item failed: not answered")
        return UNSCORED, _("Not scored (for information)")
    if points >= maximum:
        return FULL, _("Full credit")
    if points > 0:
        return PARTIAL, _("Partial credit: %(points)s of %(max)s points") % {
            "points": number_text(points),
            "max": number_text(maximum),
        }
    return NONE, _no_credit(why)


def _cause_of(question: Mapping[str, Any]) -> str:
    evidence = question.get("evidence")
    return cause(str(question["reason"]), evidence if isinstance(evidence, list) else None)


def _no_credit(why: str) -> str:
    words = {
        UNANSWERED: _("No credit: not answered"),
        ANSWER_NO: _("No credit: the answer was No"),
        ANSWER_YES: _("No credit: the answer was Yes"),
        CHOICE: _("No credit: the option chosen earns no points"),
        BAND: _("No credit: the figure given earns no points"),
        NOT_A_NUMBER: _("No credit: the answer is not a number"),
        DOCUMENT_MISSING: _("No credit: required document missing"),
        DOCUMENT_REJECTED: _("No credit: the document was rejected"),
        DOCUMENT_NOT_ACCEPTED: _("No credit: the document was not accepted"),
        QUERIED_BY_REVIEWER: _("No credit: your customer queried this answer"),
    }
    return words.get(why, _("No credit"))


def action_words(
    *, improvement: Improvement, question: Mapping[str, Any], info: QuestionInfo | None, area: str
) -> str:
    """What to do about one improvement (`question`: its stored score), and what it is worth:
    "Upload the required document: +10 points in A1"."""
    step = _step(_cause_of(question), info)
    if improvement.gain > 0:
        return _("%(action)s: +%(points)s points in %(area)s") % {
            "action": step,
            "points": number_text(improvement.gain),
            "area": area,
        }
    return _("%(action)s: needed for the green supplier label") % {"action": step}


def _step(why: str, info: QuestionInfo | None) -> str:
    if why == DOCUMENT_MISSING:
        return _("Upload the required document")
    if why == DOCUMENT_REJECTED:
        return _("Upload a new document to replace the rejected one")
    if why == DOCUMENT_NOT_ACCEPTED:
        return _("Provide a document your customer can accept")
    if why == QUERIED_BY_REVIEWER:
        return _("Settle your customer's query about this answer")
    if why == UNANSWERED:
        return _("Answer this question")
    if why == NOT_A_NUMBER:
        return _("Give this figure as a number")
    if why == BAND:
        return _("Improve this figure")
    if info is not None and why in (ANSWER_YES, ANSWER_NO):
        yes, no = info.points_yes or Decimal(0), info.points_no or Decimal(0)
        if yes > no:
            return _("Take the steps that let you answer Yes")
        if no > yes:
            return _("Take the steps that let you answer No")
    if why == CHOICE and info is not None:
        if info.type == "multi_choice":
            return _("Put more of the listed practices in place")
        if info.best_choice:
            return _("Work towards “%(choice)s”") % {"choice": info.best_choice}
    return _("Improve this answer")


def results_build(
    *,
    overall: Decimal | None,
    areas: Sequence[Mapping[str, Any]],
    questions: Sequence[Mapping[str, Any]],
    critical_failures: Sequence[str],
    improvements: Sequence[Improvement],
    infos: Mapping[str, QuestionInfo],
    area_titles: Mapping[str, str],
) -> Results:
    """The results page of a stored score: per-area results, failed critical items first, and
    the path to green as actions. Questions that do not apply to the supplier are left out."""
    failed = set(critical_failures)
    by_area: dict[str, tuple[list[QuestionResult], list[QuestionResult]]] = {}
    by_code: dict[str, QuestionResult] = {}
    stored: dict[str, Mapping[str, Any]] = {}
    for question in questions:
        code = str(question["code"])
        stored[code] = question
        if not question["applicable"] and _cause_of(question) == DOES_NOT_APPLY:
            continue
        outcome, words = result_words(question=question, is_critical_failure=code in failed)
        info = infos.get(code)
        result = QuestionResult(
            code=code,
            text=info.text if info is not None else "",
            outcome=outcome,
            words=words,
            is_critical_failure=code in failed,
        )
        by_code[code] = result
        scored, unscored = by_area.setdefault(str(question["area"]), ([], []))
        (unscored if outcome == UNSCORED else scored).append(result)
    area_results = tuple(
        AreaResult(
            code=str(area["code"]),
            title=area_titles.get(str(area["code"]), ""),
            score=_decimal(area["score"]) if area_assessed(area) else None,
            points=_decimal(area.get("points")),
            max_points=_decimal(area.get("max_points")),
            questions=tuple(by_area.get(str(area["code"]), ([], []))[0]),
            unscored=tuple(by_area.get(str(area["code"]), ([], []))[1]),
        )
        for area in areas
    )
    actions = tuple(
        Action(
            code=item.code,
            text=infos[item.code].text if item.code in infos else "",
            area=item.area,
            words=action_words(
                improvement=item,
                question=stored.get(item.code, {"reason": item.reason}),
                info=infos.get(item.code),
                area=item.area,
            ),
            is_critical=item.is_critical,
        )
        for item in improvements
    )
    return Results(
        overall=overall,
        areas=area_results,
        critical=tuple(by_code[code] for code in critical_failures if code in by_code),
        actions=actions,
    )
