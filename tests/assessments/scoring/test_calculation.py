"""Table-driven tests of the pure scoring functions."""

from decimal import Decimal as D

import pytest

from assessments.scoring.calculation import (
    AnswerInput,
    AreaRule,
    Band,
    QuestionRule,
    score_assessment,
    score_question,
)

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
        (ANSWERED_EV, AnswerInput([{"x": 1}], evidence=("rejected", "pending")), D(2), True, "answered"),
        (CHOICE, AnswerInput(None, not_applicable=True), D(0), False, "not applicable (accepted)"),
        (CHOICE, AnswerInput(None, not_applicable=True, is_queried=True), D(0), True,
         "not applicable, queried by the reviewer"),
    ],
)  # fmt: skip
def test_score_question(rule, answer, points, counts, reason) -> None:
    assert score_question(rule, answer) == (points, reason, counts)


def test_evidence_rule_needs_accepted_evidence() -> None:
    file_rule = QuestionRule("F", "A1", "text", "evidence", D(4), requires_evidence=True)
    assert score_question(file_rule, AnswerInput("see file", evidence=("pending",)))[0] == 0
    assert score_question(file_rule, AnswerInput("see file", evidence=("accepted",)))[0] == D(4)


AREAS = (AreaRule("A1", D(1)), AreaRule("A2", D("1.5")))


def test_area_and_overall_scores_are_weighted() -> None:
    result = score_assessment(
        areas=AREAS,
        questions=(YES_NO, CHOICE, BANDS),
        answers={"Q1": AnswerInput(True), "Q2": AnswerInput("own"), "Q4": AnswerInput(60)},
        category="logistics",
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
        areas=AREAS[:1], questions=questions, answers={"Q1": AnswerInput(False)}, category="media"
    )
    assert [q.applicable for q in hidden.questions] == [True, False, False]
    assert hidden.areas[0].max_points == D(10)
    shown = score_assessment(
        areas=AREAS[:1], questions=questions,
        answers={"Q1": AnswerInput(True), "Q7": AnswerInput(True), "Q8": AnswerInput(False)},
        category="logistics",
    )  # fmt: skip
    assert shown.areas[0].max_points == D(20) and shown.areas[0].points == D(15)


def test_area_without_points_available_is_left_out_of_the_overall() -> None:
    result = score_assessment(
        areas=AREAS, questions=(YES_NO,), answers={"Q1": AnswerInput(True)}, category=None
    )
    assert result.areas[1].score is None
    assert result.overall == D("100.00")


@pytest.mark.parametrize(
    ("criticality", "answer", "fails"),
    [
        ("critical", AnswerInput(False), True),
        ("critical", AnswerInput(True), False),
        ("critical", None, True),
        ("critical_if_applicable", AnswerInput(False), True),
        ("critical_if_applicable", AnswerInput(None, not_applicable=True), False),
        ("critical_if_applicable", AnswerInput(None, not_applicable=True, is_queried=True), True),
        ("scored", AnswerInput(False), False),
    ],
)
def test_critical_failures(criticality, answer, fails) -> None:
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
    result = score_assessment(areas=AREAS[:1], questions=(rule,), answers=answers, category=None)
    assert (result.critical_failures == ("C1",)) is fails


def test_unscored_critical_item_fails_only_when_unanswered() -> None:
    rule = QuestionRule("C2", "A1", "text", "none", D(0), criticality="critical")
    empty = score_assessment(areas=AREAS[:1], questions=(rule,), answers={}, category=None)
    filled = score_assessment(
        areas=AREAS[:1], questions=(rule,), answers={"C2": AnswerInput("x")}, category=None
    )
    assert empty.critical_failures == ("C2",) and filled.critical_failures == ()


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
        result = score_assessment(areas=AREAS[:1], questions=rules, answers=answers, category=None)
        assert result.overall is not None and D(0) <= result.overall <= D(100)
        better = dict(answers, Q0=AnswerInput("iso"))
        improved = score_assessment(areas=AREAS[:1], questions=rules, answers=better, category=None)
        assert improved.overall is not None and improved.overall >= result.overall

    check()


def test_path_to_green_puts_failed_critical_items_and_weak_areas_first() -> None:
    from assessments.scoring.calculation import path_to_green

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
