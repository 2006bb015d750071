"""The audit workbook's own formulas: Excel text that recomputes a score and checks it.

Pure string building. Sheet references come already quoted and cell addresses already
lettered, so nothing here needs openpyxl. The Answers columns the formulas read are those of
`assessments.exports.columns.ANSWER_CODES` (`COL` letters them); D of Scores is the
assessment id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from assessments.exports.columns import ANSWER_CODES
from assessments.questionnaires.definitions import to_decimal


class Formula(str):
    """One of our own formulas: the only strings written as formulas."""


def area_score_formula(*, ref: str, first: int, last: int, row: int, area: str) -> Formula:
    """100 x recomputed points / recomputed maximum points of the area's counting rows in
    Answers rows first..last, rounded to 2 decimals; empty when the area has no points
    available."""
    earned = area_points_formula(
        ref=ref, first=first, last=last, row=row, area=area, column="points"
    )
    available = area_points_formula(
        ref=ref, first=first, last=last, row=row, area=area, column="max_points"
    )
    return Formula(f'=IF({available}=0,"",ROUND(100*{earned}/{available},2))')


def overall_score_formula(areas: Sequence[tuple[str, str]]) -> Formula:
    """The mean of the area score cells weighted by their weight cells ((cell, weight) pairs),
    over the areas that have a score, rounded to 2 decimals; empty when none has."""
    earned = "+".join(f"N({cell})*{weight}" for cell, weight in areas)
    weights = "+".join(f"ISNUMBER({cell})*{weight}" for cell, weight in areas)
    listed = ",".join(cell for cell, _weight in areas)
    return Formula(f'=IF(COUNT({listed})=0,"",ROUND(({earned})/({weights}),2))')


def agrees_formula(recomputed: str, stored: str, row: int) -> Formula:
    """TRUE when the recomputed and stored values agree (both empty counts as agreeing)."""
    a, b = f"{recomputed}{row}", f"{stored}{row}"
    return Formula(f'=IF({a}="",{b}="",IF({b}="",FALSE,ABS({a}-{b})<0.001))')


def band_test(cell: str, low: int | Decimal, high: int | Decimal | None) -> str:
    """A conditional-format test: the cell holds a score from `low` up to `high` (excluded)."""
    return f"AND(ISNUMBER({cell}),{cell}>={low}" + (f",{cell}<{high})" if high else ")")


# The GHG sheet's columns (`assessments.exports.columns`): B assessment id, C row kind,
# D scope, F quantity, H conversion, J factor, M counted in the totals, O recomputed tCO2e,
# P stored tCO2e.
LINE_TOLERANCE = (Decimal("1E-9"), Decimal("1E-9"))  # (absolute, relative): float arithmetic
TOTAL_TOLERANCE = (Decimal("0.0001"), Decimal("1E-9"))  # totals are stored to 4 decimals
INTENSITY_TOLERANCE = (Decimal("0.000001"), Decimal("1E-9"))  # and intensity to 6


def ghg_line_formula(row: int) -> Formula:
    """tCO2e = quantity x conversion to the factor's unit x factor (0 without a factor)."""
    return Formula(f"=N(F{row})*N(H{row})*N(J{row})")


def ghg_total_formula(*, row: int, first: int, last: int, scope: int | str) -> Formula:
    """The sum of the counted lines of one scope ("memo": the non-Kyoto memo) of the
    assessment's lines, rows first..last (none when last < first)."""
    if last < first:
        return Formula("=0")

    def cells(letter: str) -> str:
        return f"${letter}${first}:${letter}${last}"

    criterion = f'"{scope}"' if isinstance(scope, str) else str(scope)
    return Formula(
        f'=SUMIFS({cells("O")},{cells("B")},$B{row},{cells("C")},"line",'
        f"{cells('D')},{criterion},{cells('M')},TRUE)"
    )


def ghg_intensity_formula(*, row: int, scope1: int, scope2: int) -> Formula:
    """(Scope 1 + Scope 2) / revenue (column F); empty without a revenue, as in the app."""
    return Formula(f'=IF(N(F{row})=0,"",(O{scope1}+O{scope2})/F{row})')


def ghg_agrees_formula(
    row: int, tolerance: tuple[Decimal, Decimal], *, may_be_empty: bool = False
) -> Formula:
    """TRUE when the recomputed (O) and stored (P) numbers agree within the tolerance; with
    `may_be_empty` (an intensity without a revenue), both empty agree too."""
    absolute, relative = tolerance
    o, p = f"O{row}", f"P{row}"
    agrees = f"ABS({o}-{p})<={absolute}+{relative}*ABS({p})"
    if not may_be_empty:
        return Formula(f"=AND(ISNUMBER({p}),{agrees})")
    return Formula(f'=IF({o}="",{p}="",IF({p}="",FALSE,{agrees}))')


# --- Answers: each point re-performed from the answer and the rules sheets -----------------
#
# The rules sheets hold one row per question (Rules, key "version|question"), per choice
# (Choices, key "version|question|choice") and per band (Bands, key "version|question"); the
# formulas find them with MATCH/INDEX/SUMIFS/COUNTIFS, which Excel and LibreOffice both
# evaluate. They mirror `assessments.scoring.calculation` (`_raw_points`, `_evidence_check`,
# `_score_question`, `_is_critical_failure`) and `assessments.questionnaires.conditions`.


def _letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# The Answers column of each code, and those of the rules sheets.
COL = {code: _letter(index) for index, code in enumerate(ANSWER_CODES, start=1)}
RULES_COL = {
    "key": "A",
    "version_id": "B",
    "question_code": "C",
    "scoring": "G",
    "max_points": "H",
    "criticality": "I",
    "requires_evidence": "J",
    "points_yes": "L",
    "points_no": "M",
    "categories": "N",
    "rule_check": "P",
}
CHOICES_COL = {"key": "A", "code": "D", "points": "F"}
BANDS_COL = {"key": "A", "points": "G", "low": "H", "high": "I"}

# An open band end, for the formulas' "low" and "high" columns (Excel's largest is 9.99E+307).
OPEN_END = "1E+307"


def rule_key(version_id: int, code: str) -> str:
    return f"{version_id}|{code}"


def choice_key(version_id: int, question: str, choice: str) -> str:
    return f"{version_id}|{question}|{choice}"


def band_end_formula(cell: str, *, low: bool) -> Formula:
    """A band's min (or max) for the formulas: an empty one is open (-1E+307 / 1E+307)."""
    end = f"-{OPEN_END}" if low else OPEN_END
    return Formula(f'=IF({cell}="",{end},{cell})')


def _literal(value: Any) -> str:
    """A condition's value as an Excel literal; braces doubled for the row templates."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value).replace('"', '""')
    return '"' + text.replace("{", "{{").replace("}", "}}") + '"'


def _equals(value: str, expected: Any) -> str:
    """Python's `value == expected`: text compared exactly, numbers and booleans as they are."""
    if isinstance(expected, bool):
        return f"{value}={_literal(expected)}"
    if isinstance(expected, int | float | Decimal):
        return f"AND(ISNUMBER({value}),{value}={_literal(expected)})"
    return f"AND(ISTEXT({value}),EXACT({value},{_literal(expected)}))"


@dataclass(frozen=True)
class RuleCells:
    """Where one question's published rules are: its row in Rules, and the first and last rows
    of its choices in Choices and of its bands in Bands (None when it has none).

    The formulas refer to these cells directly (no lookup), so a 1,000-supplier workbook
    recalculates in seconds; the check column confirms the Rules row is the question's."""

    rule_row: int
    choices: tuple[int, int] | None = None
    bands: tuple[int, int] | None = None

    def rule(self, name: str) -> str:
        """The cell of a Rules column on the question's row."""
        return f"Rules!${RULES_COL[name]}${self.rule_row}"

    def choices_range(self, name: str) -> str:
        first, last = self.choices or (0, 0)
        col = CHOICES_COL[name]
        return f"Choices!${col}${first}:${col}${last}"

    def bands_range(self, name: str) -> str:
        first, last = self.bands or (0, 0)
        col = BANDS_COL[name]
        return f"Bands!${col}${first}:${col}${last}"


def _cell(code: str) -> str:
    return f"{COL[code]}{{r}}"


def _choice_sum(rules: RuleCells) -> str:
    """The points of the row's value among the question's choices in Choices (0 when not
    listed, or the question has none)."""
    if rules.choices is None:
        return "0"
    return f"SUMIFS({rules.choices_range('points')},{rules.choices_range('code')},{_cell('value')})"


def _raw_points(scoring: str, ranges: RuleCells, *, options: bool) -> str:
    """`_raw_points`: before the evidence check, the flags and the cap. `options`: the value is
    a list, listed on the helper rows {h1}..{h2} below (one per chosen option)."""
    value = _cell("value")
    maximum = ranges.rule("max_points")
    if scoring == "yes_no":
        yes, no = ranges.rule("points_yes"), ranges.rule("points_no")
        return f'IF({value}="",0,IF({value}=TRUE,N({yes}),N({no})))'
    if scoring == "choice":
        if options:
            return f"SUM({COL['points']}{{h1}}:{COL['points']}{{h2}})"
        return f'IF({value}="",0,{_choice_sum(ranges)})'
    if scoring == "bands":
        if ranges.bands is None:
            return "0"
        band = (
            f"SUMIFS({ranges.bands_range('points')},"
            f'{ranges.bands_range("low")},"<="&{value},{ranges.bands_range("high")},">"&{value})'
        )
        return f"IF(ISNUMBER({value}),{band},0)"
    if scoring in ("answered", "evidence"):
        return f'IF({value}="",0,{maximum})'
    return "0"


def points_template(
    scoring: str, ranges: RuleCells, *, options: bool, requires_evidence: bool
) -> str | None:
    """The points of an answer row, as a template of {r} (and {h1}, {h2}): nothing when not
    shown, accepted "not applicable" or queried; the evidence check; capped at the maximum.

    None for an unscored question (its points are 0; the check confirms the Rules row still
    says "none"). The evidence check is written only where the question requires evidence
    (or is scored on it), and the check confirms the Rules row's "requires evidence": fewer
    and shorter formulas, so LibreOffice recalculates a 1,000-supplier workbook in seconds."""
    if scoring not in ("yes_no", "choice", "bands", "answered", "evidence"):
        return None
    capped = f"MIN({ranges.rule('max_points')},{_raw_points(scoring, ranges, options=options)})"
    if scoring == "evidence" or requires_evidence:
        evidence = (
            f"OR({_cell('evidence_accepted')}>0,"
            f'AND({_cell("score_kind")}="provisional",{_cell("evidence_pending")}>0))'
        )
        capped = f"IF({evidence},{capped},0)"
    na, queried = _cell("scored_not_applicable"), _cell("scored_queried")
    flags = f"OR(NOT({_cell('visible')}),{na},{queried})"
    return f"=IF({flags},0,{capped})"


def option_points_template(ranges: RuleCells) -> str:
    """A helper row's points: its option's points in Choices."""
    return f"={_choice_sum(ranges)}"


def max_points_template(ranges: RuleCells) -> str:
    return f"={ranges.rule('max_points')}"


def counts_template() -> str:
    """In the denominator: shown, and not an accepted "not applicable" (a queried one counts)."""
    na, queried = _cell("scored_not_applicable"), _cell("scored_queried")
    return f"=IF(AND({_cell('visible')},OR(NOT({na}),{queried})),1,0)"


# The scoring rules whose points a "requires evidence" rule parameter can withhold.
EVIDENCE_GATED = ("yes_no", "choice", "bands", "answered")


def check_template(ranges: RuleCells, *, always_shown: bool) -> str:
    """TRUE when the recomputed points, maximum and counting agree with the stored ones, and
    the Rules row the formulas read is the question's (version and code), with the scoring
    rule, criticality and evidence requirement the formulas apply (that row's `rule_check`,
    so an edited rule type, criticality or evidence requirement shows). For a question shown
    to every supplier, also that it is shown (its own visibility check is then this one)."""
    parts = [
        f"ABS({_cell('points')}-{_cell('points_stored')})<0.001",
        f"{_cell('max_points')}={_cell('max_points_stored')}",
        f"{_cell('counts')}={_cell('counts_stored')}",
        f"{ranges.rule('version_id')}={_cell('version_id')}",
        f"{ranges.rule('question_code')}={_cell('question_code')}",
        ranges.rule("rule_check"),  # `rule_check_formula`: once per question, not per answer
    ]
    if always_shown:
        parts.append(f"{_cell('visible')}=TRUE")
    return f"=IFERROR(AND({','.join(parts)}),FALSE)"


def rule_check_formula(
    *, row: int, scoring: str, criticality: str, requires_evidence: bool
) -> Formula:
    """A Rules row's check: TRUE while the row has the scoring rule, criticality and (where it
    can withhold points) evidence requirement that the Answers formulas of its question
    apply; every Answers check of the question reads it, so an edited one shows there."""
    parts = [f'{RULES_COL["scoring"]}{row}="{scoring}"']
    parts.append(f'{RULES_COL["criticality"]}{row}="{criticality}"')
    if scoring in EVIDENCE_GATED:
        flag = "TRUE" if requires_evidence else "FALSE"
        parts.append(f"{RULES_COL['requires_evidence']}{row}={flag}")
    return Formula(f"=AND({','.join(parts)})")


CRITICAL_KINDS = ("critical", "critical_if_applicable")


def critical_template(criticality: str) -> str | None:
    """`_is_critical_failure`: a critical item (or a critical-if-applicable one that counts)
    fails with no points, or, unscored, when queried or unanswered and not "not applicable".
    None for a question that is not critical: its failures are 0, and the check column
    confirms the Rules row still says so."""
    if criticality not in CRITICAL_KINDS:
        return None
    value, na, queried = _cell("value"), _cell("scored_not_applicable"), _cell("scored_queried")
    tests = [_cell("visible")]
    if criticality != "critical":
        tests.append(f"{_cell('counts')}=1")
    tests.append(
        f'IF({_cell("max_points")}>0,{_cell("points")}=0,OR({queried},AND({value}="",NOT({na}))))'
    )
    return f"=IFERROR(IF(AND({','.join(tests)}),1,0),0)"


def condition_test(condition: Mapping[str, Any] | None, *, listed: bool = True) -> str:
    """`condition_holds` on the row {c} of the question the condition depends on (the
    `condition_row` the app wrote, in the assessment's block {f}..{l}; the formula confirms
    that row is that question's): it must be shown and answered (not "not applicable").
    With `listed` False the question is not in the block (not answered, not shown): the
    condition cannot hold, and the formula confirms the block has no row of it."""
    if not condition:
        return "TRUE"
    code = _literal(condition["question"])
    if not listed:
        codes = f"${COL['question_code']}${{f}}:${COL['question_code']}${{l}}"
        return f"AND(COUNTIF({codes},{code})=0,FALSE)"

    def at(name: str) -> str:
        return f"${COL[name]}${{c}}"

    value = at("value")
    operator = condition["operator"]
    expected = condition.get("value")
    answered = f'{value}<>""'
    if operator == "answered":
        test = answered
    elif operator in ("equals", "not_equals", "in"):
        options = expected if operator == "in" else [expected]
        if not isinstance(options, list) or not options:
            return "FALSE"
        test = f"AND({answered},{_one_of(value, options)})"
        if operator == "not_equals":
            test = f"AND({answered},NOT({_one_of(value, options)}))"
    elif operator == "contains":
        block = {
            name: f"${COL[name]}${{f}}:${COL[name]}${{l}}"
            for name in ("question_code", "row_kind", "value")
        }
        test = (
            f'COUNTIFS({block["question_code"]},{code},{block["row_kind"]},"choice",'
            f"{block['value']},{_literal(expected)})>0"
        )
    elif operator in ("gt", "gte", "lt", "lte"):
        sign = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[operator]
        try:
            bound = to_decimal(expected)
        except ValueError:
            bound = None
        if bound is None:
            return "FALSE"
        test = f"AND(ISNUMBER({value}),NOT(ISLOGICAL({value})),{value}{sign}{bound})"
    else:
        return "FALSE"
    # No IFERROR of its own: the visibility check's catches an error as FALSE.
    return (
        f"AND({at('question_code')}={code},{at('visible')},"
        f"NOT({at('scored_not_applicable')}),{test})"
    )


def _one_of(value: str, options: Sequence[Any]) -> str:
    """Python's `value in options` (`value == option` for one): text exactly, others as is."""
    texts = [option for option in options if isinstance(option, str)]
    tests = [_equals(value, option) for option in options if not isinstance(option, str)]
    if texts:
        exact = ",".join(f"EXACT({value},{_literal(text)})" for text in texts)
        tests.append(f"AND(ISTEXT({value}),OR({exact}))")
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def visible_check_template(
    condition: Mapping[str, Any] | None,
    ranges: RuleCells,
    *,
    has_categories: bool,
    listed: bool = True,
) -> str | None:
    """TRUE when "shown" as the app decided agrees with the category and the condition
    (`listed`: whether the question the condition depends on has a row in the block).
    None for a question shown to every supplier: the row's check confirms it is shown."""
    tests = []
    if has_categories:
        category, allowed = _cell("category"), ranges.rule("categories")
        tests.append(
            f'OR({category}="",{allowed}="",ISNUMBER(SEARCH(","&{category}&",",'
            f'","&SUBSTITUTE({allowed}," ","")&",")))'
        )
    if condition:
        tests.append(condition_test(condition, listed=listed))
    if not tests:
        return None
    return f"=IFERROR({_cell('visible')}=AND({','.join(tests)}),FALSE)"


def condition_words(condition: Mapping[str, Any] | None) -> str:
    """A display condition in words ("A1.2 is one of: a, b"); empty when always shown."""
    if not condition:
        return ""
    expected = condition.get("value")
    if isinstance(expected, list):
        shown = ", ".join(json.dumps(item, ensure_ascii=False) for item in expected)
    else:
        shown = json.dumps(expected, ensure_ascii=False)
    words = {
        "equals": _("%(question)s is %(value)s"),
        "not_equals": _("%(question)s is answered and is not %(value)s"),
        "in": _("%(question)s is one of: %(value)s"),
        "contains": _("%(question)s includes %(value)s"),
        "answered": _("%(question)s is answered"),
        "gt": _("%(question)s is more than %(value)s"),
        "gte": _("%(question)s is at least %(value)s"),
        "lt": _("%(question)s is less than %(value)s"),
        "lte": _("%(question)s is at most %(value)s"),
    }.get(condition["operator"], str(condition["operator"]) + " %(question)s %(value)s")
    return words % {"question": condition["question"], "value": shown}


def area_points_formula(
    *, ref: str, first: int, last: int, row: int, area: str, column: str
) -> str:
    """The recomputed points (or maximum points) of one area's counting rows of one
    assessment (Scores column D holds the assessment id)."""

    def cells(code: str) -> str:
        return f"{ref}!${COL[code]}${first}:${COL[code]}${last}"

    return (
        f"SUMIFS({cells(column)},{cells('assessment_id')},$D{row},"
        f'{cells("area")},"{area}",{cells("counts")},1)'
    )


def critical_count_formula(*, ref: str, first: int, last: int, row: int) -> Formula:
    """The failed critical items of the assessment's block, recounted."""

    def cells(code: str) -> str:
        return f"{ref}!${COL[code]}${first}:${COL[code]}${last}"

    return Formula(f"=SUMIFS({cells('critical_failure')},{cells('assessment_id')},$D{row})")


@dataclass(frozen=True)
class LabelCells:
    """The Summary cells of the label rules version in the workbook."""

    min_overall: str
    min_area: str
    not_assessed_area_passes: str
    forbid_critical_failures: str


def label_eligible_formula(
    *, cells: LabelCells, row: int, overall: str, areas: Sequence[str], critical: str
) -> Formula:
    """The label rules re-applied to the recomputed figures (`label_check`, its score rules):
    approved and finally scored (Scores E and F), the overall minimum, every area of the
    version at the area minimum (a not-assessed one as the rules say), no failed critical item
    when forbidden. Corrective actions and permits are not in the answers' points."""
    tests = [
        f'E{row}="approved"',
        f'F{row}="final"',
        f"ISNUMBER({overall}{row})",
        f"N({overall}{row})>={cells.min_overall}",
    ]
    tests += [
        f"IF(ISNUMBER({area}{row}),{area}{row}>={cells.min_area},{cells.not_assessed_area_passes})"
        for area in areas
    ]
    tests.append(f"OR(NOT({cells.forbid_critical_failures}),{critical}{row}=0)")
    return Formula(f"=AND({','.join(tests)})")


def count_agrees_formula(recomputed: str, stored: str, row: int) -> Formula:
    return Formula(f"=N({recomputed}{row})=N({stored}{row})")
