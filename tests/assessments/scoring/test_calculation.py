"""Table-driven tests of the pure scoring functions."""

from decimal import Decimal as D

import pytest

from assessments.scoring.calculation import (
    FINAL,
    PROVISIONAL,
    AnswerInput,
    AreaRule,
    Band,
    QuestionRule,
    QuestionScore,
    area_assessed,
    path_to_green,
    score_assessment,
    score_question,
)

QUERIED = "queried by the reviewer: earns nothing until resolved"

YES_NO = QuestionRule("Q1", "A1", "yes_no", "yes_no", D(10), points_yes=D(10), points_no=D(0))
CHOICE = QuestionRule(
    "Q2",
    "A1",
    "single_choice",
    "choice",
    D(8),
    choice_points={"iso": D(8), "own": D(4), "none": D(0)},
)
MULTI = QuestionRule(
    "Q3", "A1", "multi_choice", "choice", D(5), choice_points={"a": D(3), "b": D(3), "c": D(1)}
)
BANDS = QuestionRule(
    "Q4", "A2", "number", "bands", D(6),
    bands=(Band(D(0), D(50), D(6)), Band(D(50), D(100), D(3)), Band(D(100), None, D(0))),
)  # fmt: skip
EVIDENCE = QuestionRule("Q5", "A2", "file", "evidence", D(4), requires_evidence=True)
ANSWERED_EV = QuestionRule("Q6", "A2", "table", "answered", D(2), requires_evidence=True)


@pytest.mark.parametrize(
    ("rule", "answer", "points", "counts", "reason"),
    [
        (YES_NO, AnswerInput(True), D(10), True, "answered yes"),
        (YES_NO, AnswerInput(False), D(0), True, "answered no"),
        (YES_NO, None, D(0), True, "not answered"),
        (CHOICE, AnswerInput("own"), D(4), True, "chose own"),
        (CHOICE, AnswerInput("unknown"), D(0), True, "chose unknown"),
        (MULTI, AnswerInput(["a", "b"]), D(5), True, "chose a, b"),  # 6 capped at 5
        (MULTI, AnswerInput(["c"]), D(1), True, "chose c"),
        (BANDS, AnswerInput("49.99"), D(6), True, "49.99 in band 0..50"),
        (BANDS, AnswerInput("50"), D(3), True, "50 in band 50..100"),
        (BANDS, AnswerInput(250), D(0), True, "250 in band 100.."),
        (BANDS, AnswerInput(-1), D(0), True, "-1 in no band"),
        (EVIDENCE, AnswerInput([], evidence=("accepted",)), D(0), True, "not answered"),
        (ANSWERED_EV, AnswerInput([{"x": 1}]), D(0), True, "required evidence missing"),
        (ANSWERED_EV, AnswerInput([{"x": 1}], evidence=("rejected",)), D(0), True, "evidence rejected"),
        (ANSWERED_EV, AnswerInput([{"x": 1}], evidence=("rejected", "accepted")), D(2), True, "answered"),
        (CHOICE, AnswerInput(None, not_applicable=True), D(0), False, "not applicable (accepted)"),
        (CHOICE, AnswerInput(None, not_applicable=True, is_queried=True), D(0), True,
         f"not applicable, {QUERIED}"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("kind", [PROVISIONAL, FINAL])
def test_score_question(rule, answer, points, counts, reason, kind) -> None:
    """Without pending documents, both kinds of score agree."""
    assert score_question(rule, answer, kind=kind) == (points, reason, counts)


FILE_EV = QuestionRule("F", "A1", "text", "evidence", D(4), requires_evidence=True)
PENDING_NOTE = "evidence pending review"
NOT_ACCEPTED_FINAL = (
    "required evidence not accepted (pending review does not count in a final score)"
)
NO_ACCEPTED_FINAL = "no accepted evidence (pending review does not count in a final score)"


@pytest.mark.parametrize(
    ("rule", "evidence", "kind", "points", "reason"),
    [
        # The `evidence` rule.
        (FILE_EV, ("accepted",), FINAL, D(4), "answered"),
        (FILE_EV, ("accepted",), PROVISIONAL, D(4), "answered"),
        (FILE_EV, ("pending",), FINAL, D(0), NO_ACCEPTED_FINAL),
        (FILE_EV, ("pending",), PROVISIONAL, D(4), f"answered; {PENDING_NOTE}"),
        (FILE_EV, ("rejected",), FINAL, D(0), "no accepted evidence"),
        (FILE_EV, ("rejected",), PROVISIONAL, D(0), "no accepted evidence"),
        (FILE_EV, ("rejected", "pending"), FINAL, D(0), NO_ACCEPTED_FINAL),
        (FILE_EV, ("rejected", "pending"), PROVISIONAL, D(4), f"answered; {PENDING_NOTE}"),
        (FILE_EV, ("pending", "accepted"), FINAL, D(4), "answered"),
        (FILE_EV, (), PROVISIONAL, D(0), "no accepted evidence"),
        # `requires_evidence` on another rule.
        (ANSWERED_EV, ("accepted",), FINAL, D(2), "answered"),
        (ANSWERED_EV, ("pending",), FINAL, D(0), NOT_ACCEPTED_FINAL),
        (ANSWERED_EV, ("pending",), PROVISIONAL, D(2), f"answered; {PENDING_NOTE}"),
        (ANSWERED_EV, ("rejected", "pending"), FINAL, D(0), NOT_ACCEPTED_FINAL),
        (ANSWERED_EV, ("rejected", "pending"), PROVISIONAL, D(2), f"answered; {PENDING_NOTE}"),
        (ANSWERED_EV, ("rejected",), PROVISIONAL, D(0), "evidence rejected"),
        (ANSWERED_EV, (), FINAL, D(0), "required evidence missing"),
    ],
)
def test_final_counts_only_accepted_evidence_provisional_says_pending(
    rule, evidence, kind, points, reason
) -> None:
    answer = AnswerInput("see file" if rule is FILE_EV else [{"x": 1}], evidence=evidence)
    assert score_question(rule, answer, kind=kind) == (points, reason, True)


def test_pending_review_is_flagged_per_question_only_in_a_provisional_score() -> None:
    answers = {
        "F": AnswerInput("see file", evidence=("pending",)),
        "Q6": AnswerInput([{"x": 1}], evidence=("accepted",)),
    }
    rules = (FILE_EV, QuestionRule("Q6", "A1", "table", "answered", D(2), requires_evidence=True))
    provisional = score_assessment(
        areas=AREAS[:1], questions=rules, answers=answers, category=None, kind=PROVISIONAL
    )
    final = score_assessment(
        areas=AREAS[:1], questions=rules, answers=answers, category=None, kind=FINAL
    )
    assert [q.pending_review for q in provisional.questions] == [True, False]
    assert [q.pending_review for q in final.questions] == [False, False]
    assert (provisional.areas[0].points, final.areas[0].points) == (D(6), D(2))
    assert (provisional.overall, final.overall) == (D("100.00"), D("33.33"))


def test_an_unknown_kind_of_score_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown kind"):
        score_question(YES_NO, AnswerInput(True), kind="draft")


@pytest.mark.parametrize("kind", [PROVISIONAL, FINAL])
@pytest.mark.parametrize(
    ("rule", "value", "evidence", "full_reason"),
    [
        (YES_NO, True, (), "answered yes"),
        (CHOICE, "iso", (), "chose iso"),
        (MULTI, ["a", "b"], (), "chose a, b"),
        (BANDS, "10", (), "10 in band 0..50"),
        (ANSWERED_EV, [{"x": 1}], ("accepted",), "answered"),
        (FILE_EV, "see file", ("accepted",), "answered"),
    ],
)
def test_a_queried_answer_earns_nothing_until_resolved_in_every_rule(
    rule, value, evidence, full_reason, kind
) -> None:
    resolved = AnswerInput(value, evidence=evidence)
    queried = AnswerInput(value, is_queried=True, evidence=evidence)
    # The same answer earns its points once the query is resolved...
    assert score_question(rule, resolved, kind=kind) == (rule.max_points, full_reason, True)
    # ...and nothing while it is queried, staying in the denominator.
    assert score_question(rule, queried, kind=kind) == (
        D(0),
        f"{full_reason}, {QUERIED}",
        True,
    )


def test_a_queried_answer_lowers_the_area_and_fails_a_critical_item() -> None:
    critical = QuestionRule(
        "C1", "A1", "yes_no", "yes_no", D(5), criticality="critical",
        points_yes=D(5), points_no=D(0),
    )  # fmt: skip
    answers = {"C1": AnswerInput(True, is_queried=True), "Q1": AnswerInput(True)}
    result = score_assessment(
        areas=AREAS[:1], questions=(critical, YES_NO), answers=answers, category=None, kind=FINAL
    )
    assert (result.areas[0].points, result.areas[0].max_points) == (D(10), D(15))
    assert result.critical_failures == ("C1",)


AREAS = (AreaRule("A1", D(1)), AreaRule("A2", D("1.5")))


def test_area_and_overall_scores_are_weighted() -> None:
    result = score_assessment(
        areas=AREAS,
        questions=(YES_NO, CHOICE, BANDS),
        answers={"Q1": AnswerInput(True), "Q2": AnswerInput("own"), "Q4": AnswerInput(60)},
        category="logistics",
        kind=FINAL,
    )
    a1, a2 = result.areas
    assert (a1.points, a1.max_points, a1.score) == (D(14), D(18), D("77.78"))
    assert (a2.points, a2.max_points, a2.score) == (D(3), D(6), D("50.00"))
    # (77.78 x 1 + 50 x 1.5) / 2.5
    assert result.overall == D("61.11")


def test_not_applicable_leaves_the_denominator() -> None:
    result = score_assessment(
        areas=AREAS[:1],
        questions=(YES_NO, CHOICE),
        answers={"Q1": AnswerInput(True), "Q2": AnswerInput(None, not_applicable=True)},
        category=None,
        kind=FINAL,
    )
    assert (result.areas[0].points, result.areas[0].max_points, result.areas[0].score) == (
        D(10),
        D(10),
        D(100),
    )


def test_conditions_and_categories_decide_applicability() -> None:
    conditional = QuestionRule(
        "Q7", "A1", "yes_no", "yes_no", D(5), points_yes=D(5), points_no=D(0),
        condition={"question": "Q1", "operator": "equals", "value": True},
    )  # fmt: skip
    logistics_only = QuestionRule(
        "Q8",
        "A1",
        "yes_no",
        "yes_no",
        D(5),
        points_yes=D(5),
        points_no=D(0),
        categories=("logistics",),
    )
    questions = (YES_NO, conditional, logistics_only)
    hidden = score_assessment(
        areas=AREAS[:1],
        questions=questions,
        answers={"Q1": AnswerInput(False)},
        category="media",
        kind=FINAL,
    )
    assert [q.applicable for q in hidden.questions] == [True, False, False]
    assert hidden.areas[0].max_points == D(10)
    shown = score_assessment(
        areas=AREAS[:1], questions=questions,
        answers={"Q1": AnswerInput(True), "Q7": AnswerInput(True), "Q8": AnswerInput(False)},
        category="logistics",
        kind=FINAL,
    )  # fmt: skip
    assert shown.areas[0].max_points == D(20) and shown.areas[0].points == D(15)


LOGISTICS_ONLY = QuestionRule(
    "Q9", "A2", "yes_no", "yes_no", D(4), points_yes=D(4), points_no=D(0),
    categories=("logistics",),
)  # fmt: skip
NA_ALLOWED = QuestionRule("Q10", "A2", "yes_no", "yes_no", D(4), points_yes=D(4), points_no=D(0))


@pytest.mark.parametrize(
    ("questions", "answers", "category", "a2_assessed", "a2_score", "overall"),
    [
        # A2 has no question at all.
        ((YES_NO,), {"Q1": AnswerInput(True)}, None, False, None, D("100.00")),
        # A2's only question is for logistics suppliers, this one is in media.
        ((YES_NO, LOGISTICS_ONLY), {"Q1": AnswerInput(True)}, "media", False, None, D("100.00")),
        # A2's only question is an accepted "not applicable".
        ((YES_NO, NA_ALLOWED), {"Q1": AnswerInput(True), "Q10": AnswerInput(None, True)}, None,
         False, None, D("100.00")),
        # ...but a queried "not applicable" is assessed, and earns 0: (100 x 1 + 0 x 1.5) / 2.5.
        ((YES_NO, NA_ALLOWED),
         {"Q1": AnswerInput(True), "Q10": AnswerInput(None, True, is_queried=True)}, None,
         True, D("0.00"), D("40.00")),
        # An applicable question answered "no" is assessed, and a zero is a zero.
        ((YES_NO, LOGISTICS_ONLY), {"Q1": AnswerInput(True), "Q9": AnswerInput(False)},
         "logistics", True, D("0.00"), D("40.00")),
    ],
)  # fmt: skip
def test_an_area_where_nothing_applies_is_not_assessed_and_left_out_of_the_overall(
    questions, answers, category, a2_assessed, a2_score, overall
) -> None:
    result = score_assessment(
        areas=AREAS, questions=questions, answers=answers, category=category, kind=FINAL
    )
    a1, a2 = result.areas
    assert (a1.assessed, a1.score) == (True, D("100.00"))
    assert (a2.assessed, a2.score) == (a2_assessed, a2_score)
    assert result.overall == overall


def test_nothing_assessed_gives_no_overall_score() -> None:
    result = score_assessment(
        areas=AREAS, questions=(LOGISTICS_ONLY,), answers={}, category="media", kind=PROVISIONAL
    )
    assert [area.assessed for area in result.areas] == [False, False]
    assert result.overall is None


@pytest.mark.parametrize(
    ("area", "assessed"),
    [
        ({"code": "A1", "score": 50.0, "assessed": True}, True),
        ({"code": "A1", "score": None, "assessed": False}, False),
        ({"code": "A1", "score": 0.0, "assessed": True}, True),  # a zero is assessed
        ({"code": "A1", "score": 0.0}, True),  # stored before the flag
        ({"code": "A1", "score": None}, False),  # stored before the flag
    ],
)
def test_area_assessed_reads_stored_scores_old_and_new(area, assessed) -> None:
    assert area_assessed(area) is assessed


@pytest.mark.parametrize(
    ("criticality", "answer", "fails"),
    [
        ("critical", AnswerInput(False), True),
        ("critical", AnswerInput(True), False),
        ("critical", None, True),
        ("critical_if_applicable", AnswerInput(False), True),
        ("critical_if_applicable", AnswerInput(None, not_applicable=True), False),
        ("critical_if_applicable", AnswerInput(None, not_applicable=True, is_queried=True), True),
        ("critical_if_applicable", AnswerInput(True), False),
        ("critical_if_applicable", None, True),
        ("critical", AnswerInput(True, is_queried=True), True),
        ("critical_if_applicable", AnswerInput(True, is_queried=True), True),
        ("scored", AnswerInput(False), False),
        ("scored", AnswerInput(True, is_queried=True), False),
    ],
)
@pytest.mark.parametrize("kind", [PROVISIONAL, FINAL])
def test_critical_failures(criticality, answer, fails, kind) -> None:
    rule = QuestionRule(
        "C1",
        "A1",
        "yes_no",
        "yes_no",
        D(5),
        criticality=criticality,
        points_yes=D(5),
        points_no=D(0),
    )
    answers = {"C1": answer} if answer is not None else {}
    result = score_assessment(
        areas=AREAS[:1], questions=(rule,), answers=answers, category=None, kind=kind
    )
    assert (result.critical_failures == ("C1",)) is fails


def test_a_critical_item_on_pending_evidence_fails_only_in_the_final_score() -> None:
    rule = QuestionRule(
        "C3", "A1", "file", "evidence", D(4), criticality="critical", requires_evidence=True
    )
    answers = {"C3": AnswerInput("permit", evidence=("pending",))}

    def failures(kind: str) -> tuple[str, ...]:
        return score_assessment(
            areas=AREAS[:1], questions=(rule,), answers=answers, category=None, kind=kind
        ).critical_failures

    assert (failures(PROVISIONAL), failures(FINAL)) == ((), ("C3",))


def test_accepted_not_applicable_on_a_critical_if_applicable_item_leaves_it_unassessed() -> None:
    rule = QuestionRule(
        "C4", "A2", "yes_no", "yes_no", D(5), criticality="critical_if_applicable",
        points_yes=D(5), points_no=D(0),
    )  # fmt: skip
    result = score_assessment(
        areas=AREAS,
        questions=(YES_NO, rule),
        answers={"Q1": AnswerInput(True), "C4": AnswerInput(None, not_applicable=True)},
        category=None,
        kind=FINAL,
    )
    assert result.critical_failures == ()
    assert result.questions[1] == QuestionScore(
        "C4", "A2", D(0), D(5), False, "not applicable (accepted)"
    )
    assert result.areas[1].assessed is False and result.overall == D("100.00")


def test_unscored_critical_item_fails_only_when_unanswered() -> None:
    rule = QuestionRule("C2", "A1", "text", "none", D(0), criticality="critical")
    empty = score_assessment(
        areas=AREAS[:1], questions=(rule,), answers={}, category=None, kind=FINAL
    )
    filled = score_assessment(
        areas=AREAS[:1],
        questions=(rule,),
        answers={"C2": AnswerInput("x")},
        category=None,
        kind=FINAL,
    )
    assert empty.critical_failures == ("C2",) and filled.critical_failures == ()
    queried = score_assessment(
        areas=AREAS[:1],
        questions=(rule,),
        answers={"C2": AnswerInput("x", is_queried=True)},
        category=None,
        kind=FINAL,
    )
    assert queried.critical_failures == ("C2",)


def test_scores_stay_within_bounds_and_more_points_never_lower_the_score() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.lists(st.sampled_from(["iso", "own", "none"]), min_size=3, max_size=3))
    def check(codes: list[str]) -> None:
        rules = tuple(
            QuestionRule(
                f"Q{i}", "A1", "single_choice", "choice", D(8), choice_points=CHOICE.choice_points
            )
            for i in range(3)
        )
        answers = {f"Q{i}": AnswerInput(code) for i, code in enumerate(codes)}
        result = score_assessment(
            areas=AREAS[:1], questions=rules, answers=answers, category=None, kind=FINAL
        )
        assert result.overall is not None and D(0) <= result.overall <= D(100)
        better = dict(answers, Q0=AnswerInput("iso"))
        improved = score_assessment(
            areas=AREAS[:1], questions=rules, answers=better, category=None, kind=FINAL
        )
        assert improved.overall is not None and improved.overall >= result.overall

    check()


def test_path_to_green_puts_failed_critical_items_and_weak_areas_first() -> None:
    areas = [
        {"code": "A1", "score": 90, "points": 18, "max_points": 20},
        {"code": "A2", "score": 40, "points": 4, "max_points": 10},
    ]
    questions = [
        {
            "code": "A1.1",
            "area": "A1",
            "points": 0,
            "max_points": 2,
            "applicable": True,
            "reason": "answered no",
        },
        {
            "code": "A1.2",
            "area": "A1",
            "points": 10,
            "max_points": 10,
            "applicable": True,
            "reason": "chose iso",
        },
        {
            "code": "A2.1",
            "area": "A2",
            "points": 0,
            "max_points": 6,
            "applicable": True,
            "reason": "required evidence missing",
        },
        {
            "code": "A2.2",
            "area": "A2",
            "points": 0,
            "max_points": 5,
            "applicable": False,
            "reason": "does not apply",
        },
    ]
    items = path_to_green(
        areas=areas, questions=questions, critical_failures=["A1.1"], min_area=D(50)
    )
    assert [item.code for item in items] == ["A1.1", "A2.1"]
    assert items[1].gain == D(6) and items[1].area_gain == D("60.00")
    assert items[0].is_critical


@pytest.mark.parametrize(
    "a3",
    [
        {"code": "A3", "score": None, "points": 0, "max_points": 0, "assessed": False},
        {"code": "A3", "score": None, "points": 0, "max_points": 0},  # stored before the flag
    ],
)
def test_path_to_green_works_on_scores_with_not_assessed_areas_and_queried_answers(a3) -> None:
    result = score_assessment(
        areas=(*AREAS, AreaRule("A3", D(1))),
        questions=(YES_NO, CHOICE, BANDS),
        answers={
            "Q1": AnswerInput(True, is_queried=True),
            "Q2": AnswerInput("iso"),
            "Q4": AnswerInput(70),
        },
        category=None,
        kind=FINAL,
    )
    # Stored as the scoring service stores it (plain data), A3 old style or new.
    areas = [
        {"code": a.code, "score": a.score, "points": a.points, "max_points": a.max_points,
         "assessed": a.assessed}
        for a in result.areas[:2]
    ] + [a3]  # fmt: skip
    questions = [
        {"code": q.code, "area": q.area, "points": q.points, "max_points": q.max_points,
         "applicable": q.applicable, "reason": q.reason}
        for q in result.questions
    ]  # fmt: skip
    items = path_to_green(areas=areas, questions=questions, critical_failures=[], min_area=D(45))
    # A1 (8 of 18 = 44.44, Q1 queried) is below 45; A2 (3 of 6) is not; A3 offers nothing.
    assert [(item.code, item.area, item.area_gain) for item in items] == [
        ("Q1", "A1", D("55.56")),
        ("Q4", "A2", D("50.00")),
    ]
    assert items[0].reason == f"answered yes, {QUERIED}"
