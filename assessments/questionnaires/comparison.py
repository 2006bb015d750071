"""What changed between two questionnaire definitions (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessments.questionnaires.definitions import canonical_content

SCORING_KEYS = ("scoring", "max_points", "points_yes", "points_no", "bands")


@dataclass
class QuestionChange:
    code: str
    fields: dict[str, tuple[Any, Any]]
    is_scoring_change: bool


@dataclass
class DefinitionDiff:
    areas_changed: dict[str, dict[str, tuple[Any, Any]]]
    areas_added: list[str]
    areas_removed: list[str]
    added: list[str]
    removed: list[str]
    changed: list[QuestionChange]

    @property
    def is_empty(self) -> bool:
        return not (
            self.areas_changed
            or self.areas_added
            or self.areas_removed
            or self.added
            or self.removed
            or self.changed
        )


def _question_view(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each question with its own choices and columns folded in, for comparison."""
    view: dict[str, dict[str, Any]] = {}
    for question in content["questions"]:
        view[question["code"]] = dict(question)
    for choice in content["choices"]:
        question = view.get(choice["question"])
        if question is None:
            continue
        key = (
            f"choice {choice['column']}.{choice['code']}"
            if choice["column"]
            else f"choice {choice['code']}"
        )
        question[key] = f"{choice['label_en']} / {choice['label_zh']} ({choice['points']} pts)" + (
            " (exclusive)" if choice.get("exclusive") else ""
        )
        question[f"{key} points"] = choice["points"]
    for column in content["columns"]:
        question = view.get(column["question"])
        if question is not None:
            question[f"column {column['code']}"] = (
                f"{column['type']}: {column['label_en']} / {column['label_zh']}"
                + (f" [{column['unit']}]" if column["unit"] else "")
                + ("" if column["is_required"] else " (optional)")
            )
    return view


def diff_definitions(old: dict[str, Any], new: dict[str, Any]) -> DefinitionDiff:
    """What changed from `old` to `new`: areas, questions added, removed and changed."""
    old_content, new_content = canonical_content(old), canonical_content(new)
    old_areas = {area["code"]: area for area in old_content["areas"]}
    new_areas = {area["code"]: area for area in new_content["areas"]}
    areas_changed = {
        code: {
            key: (old_areas[code][key], new_areas[code][key])
            for key in new_areas[code]
            if old_areas[code][key] != new_areas[code][key]
        }
        for code in old_areas.keys() & new_areas.keys()
        if old_areas[code] != new_areas[code]
    }
    old_questions, new_questions = _question_view(old_content), _question_view(new_content)
    changed = []
    for code in new_questions:
        if code not in old_questions or old_questions[code] == new_questions[code]:
            continue
        keys = sorted(set(old_questions[code]) | set(new_questions[code]))
        fields = {
            key: (old_questions[code].get(key), new_questions[code].get(key))
            for key in keys
            if old_questions[code].get(key) != new_questions[code].get(key)
            and not key.endswith(" points")
        }
        is_scoring = any(key in SCORING_KEYS for key in fields) or any(
            key.endswith(" points") and old_questions[code].get(key) != new_questions[code].get(key)
            for key in keys
        )
        changed.append(QuestionChange(code=code, fields=fields, is_scoring_change=is_scoring))
    return DefinitionDiff(
        areas_changed=areas_changed,
        areas_added=[code for code in new_areas if code not in old_areas],
        areas_removed=[code for code in old_areas if code not in new_areas],
        added=[code for code in new_questions if code not in old_questions],
        removed=[code for code in old_questions if code not in new_questions],
        changed=changed,
    )
