"""Transparent scoring: pure functions from answers and the pinned version's rules to a result.

No ORM and no requests here. Every question's result says why it scored what it did.

- The kind of score is an input. A final score (on approval) counts only accepted evidence: a
  document still pending review counts as none. A provisional score (on submission, during
  review) counts pending documents too, and the question's reason says "evidence pending
  review" (`QuestionScore.pending_review` is set).
- A question counts when it applies to the supplier's category and its display condition holds.
- A queried answer earns nothing until it is resolved, whatever its rule (yes/no, choice, bands,
  answered, evidence) and also when it says "not applicable": it stays in the denominator.
- An accepted "not applicable" leaves the denominator.
- Answers whose required evidence is missing or rejected earn no credit; the `evidence` rule
  needs a document that counts (accepted; or pending, in a provisional score).
- Area score = 100 x points earned / points available. An area with no points available
  (nothing in it applies, or all of it is "not applicable") is *not assessed*: its score is None
  and `AreaScore.assessed` is False. It is not a zero: the overall score is the weighted mean
  of the assessed areas only, and None when no area is assessed. Whether a not-assessed area
  passes the label's per-area minimum is a setting of the label rules version
  (`LabelRules.not_assessed_area_passes`, default no).
- A critical item (critical, or critical if applicable and not an accepted "not applicable")
  fails when it earns no points (or, for an unscored one, is unanswered or queried)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from assessments.questionnaires.conditions import visible_codes

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# The kinds of score (the values of `Score.Kind`).
PROVISIONAL = "provisional"
FINAL = "final"
KINDS = (PROVISIONAL, FINAL)

QUERIED = "queried by the reviewer: earns nothing until resolved"
PENDING_REVIEW = "evidence pending review"


@dataclass(frozen=True)
class Band:
    low: Decimal | None
    high: Decimal | None
    points: Decimal

    def contains(self, number: Decimal) -> bool:
        return (self.low is None or number >= self.low) and (
            self.high is None or number < self.high
        )


@dataclass(frozen=True)
class QuestionRule:
    code: str
    area: str
    type: str
    scoring: str
    max_points: Decimal
    criticality: str = "scored"
    requires_evidence: bool = False
    points_yes: Decimal | None = None
    points_no: Decimal | None = None
    bands: tuple[Band, ...] = ()
    choice_points: Mapping[str, Decimal] = field(default_factory=dict)
    categories: tuple[str, ...] = ()
    condition: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class AreaRule:
    code: str
    weight: Decimal


@dataclass(frozen=True)
class AnswerInput:
    value: Any = None
    not_applicable: bool = False
    is_queried: bool = False
    evidence: tuple[str, ...] = ()  # review status of each document: pending/accepted/rejected


@dataclass(frozen=True)
class QuestionScore:
    code: str
    area: str
    points: Decimal
    max_points: Decimal
    applicable: bool
    reason: str
    pending_review: bool = False  # provisional: earned on evidence still pending review


@dataclass(frozen=True)
class AreaScore:
    code: str
    score: Decimal | None  # None when the area is not assessed
    points: Decimal
    max_points: Decimal
    weight: Decimal
    assessed: bool = True  # False when nothing in the area has points available


def area_assessed(area: Mapping[str, Any]) -> bool:
    """Whether a stored area score (plain data) was assessed.

    Scores stored before the flag existed have no "assessed" key; a None score there means the
    same thing (no points available)."""
    return area.get("assessed", True) is not False and area.get("score") is not None


@dataclass(frozen=True)
class ScoreResult:
    overall: Decimal | None
    areas: tuple[AreaScore, ...]
    questions: tuple[QuestionScore, ...]
    critical_failures: tuple[str, ...]


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _answered(answer: AnswerInput | None) -> bool:
    return answer is not None and answer.value not in (None, "", [], {})


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _raw_points(rule: QuestionRule, answer: AnswerInput | None) -> tuple[Decimal, str]:
    """Points before the evidence check, and the reason."""
    if not _answered(answer):
        return ZERO, "not answered"
    assert answer is not None
    value = answer.value
    if rule.scoring == "yes_no":
        if value is True:
            return rule.points_yes or ZERO, "answered yes"
        return rule.points_no or ZERO, "answered no"
    if rule.scoring == "choice":
        chosen = value if isinstance(value, list) else [value]
        total = sum((rule.choice_points.get(str(code), ZERO) for code in chosen), ZERO)
        capped = min(total, rule.max_points)
        return capped, f"chose {', '.join(str(code) for code in chosen)}"
    if rule.scoring == "bands":
        number = _number(value)
        if number is None:
            return ZERO, "not a number"
        for band in rule.bands:
            if band.contains(number):
                low = "" if band.low is None else str(band.low)
                high = "" if band.high is None else str(band.high)
                return band.points, f"{number} in band {low}..{high}"
        return ZERO, f"{number} in no band"
    if rule.scoring in ("answered", "evidence"):
        return rule.max_points, "answered"
    return ZERO, "not scored"


def _evidence_check(
    rule: QuestionRule, evidence: tuple[str, ...], kind: str
) -> tuple[bool, str, bool]:
    """(earns its points, reason if not / note, relies on pending evidence) for a question
    whose points depend on evidence."""
    if "accepted" in evidence:
        return True, "", False
    if kind == PROVISIONAL and "pending" in evidence:
        return True, PENDING_REVIEW, True
    if rule.scoring == "evidence":
        if "pending" in evidence:
            return (
                False,
                "no accepted evidence (pending review does not count in a final score)",
                False,
            )
        return False, "no accepted evidence", False
    if not evidence:
        return False, "required evidence missing", False
    if all(status == "rejected" for status in evidence):
        return False, "evidence rejected", False
    return (
        False,
        "required evidence not accepted (pending review does not count in a final score)",
        False,
    )


def score_question(
    rule: QuestionRule, answer: AnswerInput | None, *, kind: str
) -> tuple[Decimal, str, bool]:
    """(points, reason, counts in the denominator) for a question that applies."""
    points, reason, counts, _pending = _score_question(rule, answer, kind=kind)
    return points, reason, counts


def _score_question(
    rule: QuestionRule, answer: AnswerInput | None, *, kind: str
) -> tuple[Decimal, str, bool, bool]:
    """`score_question`, and whether the points rest on evidence still pending review."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of score: {kind!r}")
    if answer is not None and answer.not_applicable:
        if answer.is_queried:
            return ZERO, f"not applicable, {QUERIED}", True, False
        return ZERO, "not applicable (accepted)", False, False
    points, reason = _raw_points(rule, answer)
    if answer is not None and answer.is_queried:
        return ZERO, f"{reason}, {QUERIED}", True, False
    pending = False
    if points and (rule.scoring == "evidence" or rule.requires_evidence):
        evidence = answer.evidence if answer is not None else ()
        earns, note, pending = _evidence_check(rule, evidence, kind)
        if not earns:
            return ZERO, note, True, False
        if note:
            reason = f"{reason}; {note}"
    return min(points, rule.max_points), reason, True, pending


def _is_critical_failure(
    rule: QuestionRule, answer: AnswerInput | None, points: Decimal, counts: bool
) -> bool:
    if rule.criticality == "critical":
        pass
    elif rule.criticality == "critical_if_applicable":
        if not counts:  # an accepted "not applicable"
            return False
    else:
        return False
    if rule.max_points > 0:
        return points == 0
    if answer is not None and answer.is_queried:
        return True
    return not _answered(answer) and not (answer is not None and answer.not_applicable)


def score_assessment(
    *,
    areas: Sequence[AreaRule],
    questions: Sequence[QuestionRule],
    answers: Mapping[str, AnswerInput],
    category: str | None,
    kind: str,
) -> ScoreResult:
    """Score every question, area and the whole; list the critical items that fail.

    `kind` is "provisional" (pending documents count, and say so) or "final" (only accepted
    evidence counts)."""
    values = {
        code: answer.value
        for code, answer in answers.items()
        if not answer.not_applicable and _answered(answer)
    }
    visible = set(visible_codes(questions, category=category, answers=values))
    results: list[QuestionScore] = []
    failures: list[str] = []
    totals: dict[str, list[Decimal]] = {area.code: [ZERO, ZERO] for area in areas}
    for rule in questions:
        answer = answers.get(rule.code)
        if rule.code not in visible:
            results.append(
                QuestionScore(rule.code, rule.area, ZERO, rule.max_points, False, "does not apply")
            )
            continue
        points, reason, counts, pending = _score_question(rule, answer, kind=kind)
        results.append(
            QuestionScore(rule.code, rule.area, points, rule.max_points, counts, reason, pending)
        )
        if counts and rule.area in totals:
            totals[rule.area][0] += points
            totals[rule.area][1] += rule.max_points
        if _is_critical_failure(rule, answer, points, counts):
            failures.append(rule.code)
    area_scores = []
    weighted = ZERO
    weights = ZERO
    for area in areas:
        earned, available = totals[area.code]
        # Nothing with points available: not assessed, which is not a zero (see the docstring).
        score = _round(earned / available * HUNDRED) if available else None
        area_scores.append(
            AreaScore(area.code, score, earned, available, area.weight, score is not None)
        )
        if score is not None:
            weighted += score * area.weight
            weights += area.weight
    overall = _round(weighted / weights) if weights else None
    return ScoreResult(overall, tuple(area_scores), tuple(results), tuple(failures))


@dataclass(frozen=True)
class Improvement:
    code: str
    area: str
    gain: Decimal  # points to win on this question
    area_gain: Decimal  # what that is worth on the area's 0-100 score
    reason: str
    is_critical: bool


def path_to_green(
    *,
    areas: Sequence[Mapping[str, Any]],
    questions: Sequence[Mapping[str, Any]],
    critical_failures: Sequence[str],
    min_area: Decimal,
    limit: int = 10,
) -> list[Improvement]:
    """The answers or evidence that would lift the supplier most, failed critical items first.

    Works on a stored score (plain data): for each applicable question below its maximum, the
    points to win and their weight on the area score; assessed areas below `min_area` come
    first. A not-assessed area has no applicable question, so nothing in it is listed.
    """
    area_max = {str(area["code"]): Decimal(str(area["max_points"] or 0)) for area in areas}
    below = {
        str(area["code"])
        for area in areas
        if area_assessed(area) and Decimal(str(area["score"])) < min_area
    }
    items = []
    for question in questions:
        if not question["applicable"]:
            continue
        gain = Decimal(str(question["max_points"])) - Decimal(str(question["points"]))
        is_critical = question["code"] in critical_failures
        if gain <= 0 and not is_critical:
            continue
        maximum = area_max.get(str(question["area"])) or Decimal(1)
        items.append(
            Improvement(
                code=str(question["code"]),
                area=str(question["area"]),
                gain=gain,
                area_gain=_round(gain / maximum * HUNDRED),
                reason=str(question["reason"]),
                is_critical=is_critical,
            )
        )
    items.sort(
        key=lambda item: (not item.is_critical, item.area not in below, -item.area_gain, item.code)
    )
    return items[:limit]
