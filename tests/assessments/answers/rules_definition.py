"""The small test questionnaire plus what the answer rules need: an exclusive "None" choice,
bounded numbers, the waste questions and a targets table with base and target years.

The added questions are optional, so an assessment submits with the small questionnaire's own
answers (as the `submitted` fixture gives them)."""

from typing import Any

from tests.assessments.definitions import small_definition


def rules_definition(*, exclusive: bool = True) -> dict[str, Any]:
    definition = small_definition()
    definition["questionnaire"]["code"] = "rules-q"
    definition["areas"].append({"code": "A3", "title_en": "Waste", "title_zh": "废物", "weight": 1})
    optional = {"is_required": False, "criticality": "info"}
    definition["questions"] += [
        {"code": "A2.5.1", "area": "A2", "type": "table", "text_en": "Your targets",
         "text_zh": "您的目标", **optional},
        {"code": "A3.5", "area": "A3", "type": "number", "text_en": "Waste generated",
         "text_zh": "产生的废物", "unit": "t", "min": 0, **optional},
        {"code": "A3.5.1", "area": "A3", "type": "number", "text_en": "Waste diverted",
         "text_zh": "转移的废物", "unit": "t", "min": 0, **optional},
        {"code": "A3.5.2", "area": "A3", "type": "number", "text_en": "Diversion rate",
         "text_zh": "转移率", "unit": "%", "min": 0.5, "max": 100, **optional},
    ]  # fmt: skip
    definition["columns"] += [
        {"question": "A2.5.1", "code": "target", "type": "text", "label_en": "Target",
         "label_zh": "目标", "unit": "", "is_required": True},
        {"question": "A2.5.1", "code": "base_year", "type": "number", "label_en": "Base year",
         "label_zh": "基准年", "unit": "year", "is_required": True},
        {"question": "A2.5.1", "code": "target_year", "type": "number", "label_en": "Target year",
         "label_zh": "目标年", "unit": "year", "is_required": True},
    ]  # fmt: skip
    none = {"question": "A1.2", "column": "", "code": "none", "label_en": "None",
            "label_zh": "无", "points": 0}  # fmt: skip
    if exclusive:
        none["exclusive"] = True
    definition["choices"].insert(2, none)
    return definition
