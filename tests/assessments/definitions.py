"""A small, valid questionnaire definition for tests, with every question type."""

import copy
from typing import Any

SMALL: dict[str, Any] = {
    "format": "greengate.questionnaire/1",
    "questionnaire": {"code": "test-q", "name_en": "Test questionnaire", "name_zh": "测试问卷"},
    "areas": [
        {"code": "A1", "title_en": "Permits", "title_zh": "许可", "weight": 1},
        {"code": "A2", "title_en": "Energy", "title_zh": "能源", "weight": 1.5},
    ],
    "questions": [
        {"code": "A1.1", "area": "A1", "type": "yes_no", "text_en": "Do you acknowledge the code?",
         "text_zh": "是否确认准则？", "criticality": "critical", "scoring": "yes_no",
         "max_points": 5, "points_yes": 5, "points_no": 0},
        {"code": "A1.2", "area": "A1", "type": "multi_choice", "text_en": "Which permits apply?",
         "text_zh": "适用哪些许可？", "scoring": "choice", "max_points": 6},
        {"code": "A1.3", "area": "A1", "type": "table", "text_en": "List your permits",
         "text_zh": "列出许可证", "criticality": "critical_if_applicable", "scoring": "answered",
         "max_points": 4, "condition": {"question": "A1.2", "operator": "contains", "value": "discharge"},
         "requires_evidence": True},
        {"code": "A1.4", "area": "A1", "type": "single_choice", "text_en": "EMS status",
         "text_zh": "环境管理体系状态", "scoring": "choice", "max_points": 10,
         "allows_not_applicable": True},
        {"code": "A2.1", "area": "A2", "type": "number", "text_en": "Electricity used",
         "text_zh": "用电量", "unit": "MWh", "min": 0, "data_quality": True, "scoring": "bands",
         "max_points": 10, "bands": [{"min": 0, "max": 100, "points": 10},
                                     {"min": 100, "max": None, "points": 4}]},
        {"code": "A2.2", "area": "A2", "type": "text", "text_en": "Fleet plan", "text_zh": "车队计划",
         "categories": ["logistics"], "scoring": "answered", "max_points": 3, "is_required": False},
        {"code": "A2.3", "area": "A2", "type": "date", "text_en": "Last audit", "text_zh": "上次审核",
         "criticality": "info", "condition": {"question": "A2.1", "operator": "gt", "value": 50}},
        {"code": "A2.4", "area": "A2", "type": "file", "text_en": "Upload your certificate",
         "text_zh": "上传证书", "scoring": "evidence", "max_points": 2, "requires_evidence": True,
         "categories": ["office_it", "engineering"],
         "condition": {"question": "A1.1", "operator": "equals", "value": True}},
    ],
    "choices": [
        {"question": "A1.2", "column": "", "code": "discharge", "label_en": "Discharge permit",
         "label_zh": "排污许可证", "points": 3},
        {"question": "A1.2", "column": "", "code": "eia", "label_en": "EIA approval",
         "label_zh": "环评批复", "points": 3},
        {"question": "A1.4", "column": "", "code": "certified", "label_en": "ISO 14001 certified",
         "label_zh": "通过 ISO 14001 认证", "points": 10},
        {"question": "A1.4", "column": "", "code": "none", "label_en": "None", "label_zh": "无",
         "points": 0},
        {"question": "A1.3", "column": "kind", "code": "water", "label_en": "Water",
         "label_zh": "水", "points": 0},
        {"question": "A1.3", "column": "kind", "code": "air", "label_en": "Air",
         "label_zh": "大气", "points": 0},
    ],
    "columns": [
        {"question": "A1.3", "code": "kind", "type": "single_choice", "label_en": "Kind",
         "label_zh": "类型", "unit": "", "is_required": True},
        {"question": "A1.3", "code": "number", "type": "text", "label_en": "Number",
         "label_zh": "编号", "unit": "", "is_required": True},
        {"question": "A1.3", "code": "expires_on", "type": "date", "label_en": "Expires on",
         "label_zh": "到期日", "unit": "", "is_required": False},
    ],
}  # fmt: skip


def small_definition() -> dict[str, Any]:
    return copy.deepcopy(SMALL)
