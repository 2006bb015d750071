"""Questionnaire definitions: the portable form of one questionnaire version.

A definition is plain data (the JSON file, or the four sheets of the .xlsx file), checked here
without the database. It is what is exported, imported, hashed and compared, so two versions
with the same content have the same hash whatever their number or status.

Format ``greengate.questionnaire/1``::

    {
      "format": "greengate.questionnaire/1",
      "questionnaire": {"code": "...", "name_en": "...", "name_zh": "..."},
      "code_of_conduct_en": "...", "code_of_conduct_zh": "...",      (optional)
      "areas":     [{"code", "title_en", "title_zh", "weight"}],
      "questions": [{"code", "area", "type", "text_en", "text_zh", "help_en", "help_zh",
                     "is_required", "criticality", "categories", "condition",
                     "allows_not_applicable", "requires_evidence", "requires_validity",
                     "scoring", "max_points",
                     "points_yes", "points_no", "bands", "unit", "min", "max", "data_quality"}],
      "choices":   [{"question", "column", "code", "label_en", "label_zh", "points",
                     "exclusive"}],
      "columns":   [{"question", "code", "type", "label_en", "label_zh", "unit", "is_required"}]
    }

Questions are in display order. `condition` is null or {"question", "operator", "value"} on an
earlier question. `choices` with an empty `column` belong to the question itself, otherwise to
that column of a table question. Errors name the sheet (or JSON list), the row as a spreadsheet
shows it (header = row 1, so the first item is row 2) and the column (or key).

`code_of_conduct_en` and `code_of_conduct_zh` are the code of conduct the supplier acknowledges
(in the .xlsx two rows of the settings sheet), plain text: paragraphs separated by a blank line,
and a one-line paragraph that does not end in punctuation is a heading
(`code_of_conduct_sections`). They are content: the hash covers them when either is set, so
the hashes of versions without a code stay as they were.

`requires_validity` (optional, default false; in the .xlsx a column of the questions sheet that
may be left out) marks a question that asks for a permit or certificate: each document uploaded
to it states the date it is valid until (and may state the date from), reminders are sent
before that date, and a passed one counts as an expired permit for the label. The hash covers it
only when true, so versions without the flag keep their hashes.

Rules the format states (checked by `validation.validate_definition`):

- A `critical` question cannot allow "not applicable": a critical item always applies. A
  `critical_if_applicable` one can.
- A choice with `"exclusive": true` (optional, default false; in the .xlsx a column `exclusive`
  of the choices sheet, which may be left out) cannot be ticked together with another choice of
  a `multi_choice` question: "None" is exclusive. On a `single_choice` question or column every
  choice excludes the others anyway, so the flag is accepted there and changes nothing.
- A band `{"min", "max", "points"}` covers `[min, max)`: min inclusive, max exclusive, null
  open. Sorted by min, each band must start where the one before ends: a gap or an overlap
  between bands is refused. A number below the first band or at or above the last earns 0
  points (the first band may start above the question's min; leave min null to cover all).
  In the .xlsx a band is written `min..max=points`, bands separated by `;`."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

FORMAT = "greengate.questionnaire/1"

QUESTION_TYPES = (
    "yes_no",
    "single_choice",
    "multi_choice",
    "number",
    "text",
    "date",
    "file",
    "table",
)
COLUMN_TYPES = ("yes_no", "single_choice", "number", "text", "date")
CRITICALITIES = ("critical", "critical_if_applicable", "scored", "info")
SCORING_RULES = ("none", "yes_no", "choice", "bands", "evidence", "answered")
OPERATORS = ("equals", "not_equals", "in", "contains", "gt", "gte", "lt", "lte", "answered")
DATA_QUALITY_FLAGS = ("metered", "invoiced", "calculated", "estimated", "secondary")

MAX_POINTS = Decimal(100)
MAX_WEIGHT = Decimal(10)
# A code is the whole string: `$` also matches before a trailing newline, and a code "A1\n"
# then breaks every export and download of its version. Check codes with `is_code`.
CODE = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}\Z")
CODE_RULE = "A code has letters, digits, _ . - (at most 40), and no spaces or line breaks."
# Column sizes of the stored rows: longer text is an error here, not a database failure later.
MAX_LENGTHS = {"name": 200, "title": 200, "label": 200, "choice_label": 300, "unit": 40}
# An .xlsx cell holds at most 32,767 characters: the code of conduct must fit in one.
CODE_OF_CONDUCT_MAX_LENGTH = 30_000
CODE_OF_CONDUCT_KEYS = ("code_of_conduct_en", "code_of_conduct_zh")

AREA_KEYS = ("code", "title_en", "title_zh", "weight")
QUESTION_KEYS = (
    "code",
    "area",
    "type",
    "text_en",
    "text_zh",
    "help_en",
    "help_zh",
    "is_required",
    "criticality",
    "categories",
    "condition",
    "allows_not_applicable",
    "requires_evidence",
    "requires_validity",
    "scoring",
    "max_points",
    "points_yes",
    "points_no",
    "bands",
    "unit",
    "min",
    "max",
    "data_quality",
)
CHOICE_KEYS = ("question", "column", "code", "label_en", "label_zh", "points", "exclusive")
COLUMN_KEYS = ("question", "code", "type", "label_en", "label_zh", "unit", "is_required")

QUESTION_DEFAULTS: dict[str, Any] = {
    "help_en": "",
    "help_zh": "",
    "is_required": True,
    "criticality": "scored",
    "categories": [],
    "condition": None,
    "allows_not_applicable": False,
    "requires_evidence": False,
    "requires_validity": False,
    "scoring": "none",
    "max_points": 0,
    "points_yes": None,
    "points_no": None,
    "bands": [],
    "unit": "",
    "min": None,
    "max": None,
    "data_quality": False,
}


@dataclass(frozen=True)
class DefinitionError:
    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def is_code(value: Any) -> bool:
    """Whether `value` is a code: a string that matches CODE as a whole, nothing around it."""
    return isinstance(value, str) and CODE.fullmatch(value) is not None


def to_decimal(value: Any) -> Decimal | None:
    """A number from JSON, a cell or text; None for blank; raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("a number, not true/false")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a number") from exc
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return number


def plain_number(value: Decimal | int | float | None) -> int | float | None:
    """The canonical JSON form of a number: an int when whole, else a float."""
    if value is None:
        return None
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return int(number)
    return float(number.normalize())


def _grouped_order(definition: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """Columns and choices grouped under their question (in question order), order kept within."""
    question_index = {q.get("code"): i for i, q in enumerate(definition["questions"])}
    columns = sorted(
        enumerate(definition["columns"]),
        key=lambda item: (question_index.get(item[1].get("question"), 1 << 30), item[0]),
    )
    column_index: dict[tuple[Any, Any], int] = {}
    for position, (_, column) in enumerate(columns):
        column_index.setdefault((column.get("question"), column.get("code")), position)
    choices = sorted(
        enumerate(definition["choices"]),
        key=lambda item: (
            question_index.get(item[1].get("question"), 1 << 30),
            -1
            if not item[1].get("column")
            else column_index.get((item[1].get("question"), item[1].get("column")), 1 << 30),
            item[0],
        ),
    )
    return [column for _, column in columns], [choice for _, choice in choices]


def canonical_content(definition: dict[str, Any]) -> dict[str, Any]:
    """The content that the hash covers: areas, questions, choices and columns, normalised.

    Choices and columns are grouped under their question, so a file that lists them in another
    order than an export does has the same content.
    """
    columns, choices = _grouped_order(definition)
    code = {key: code_of_conduct_text(definition.get(key)) for key in CODE_OF_CONDUCT_KEYS}
    # Only when set: the hashes of versions published before versions carried a code stay.
    code_content = code if any(code.values()) else {}
    return {
        **code_content,
        "areas": [
            {
                "code": area["code"],
                "title_en": area["title_en"],
                "title_zh": area["title_zh"],
                "weight": plain_number(area["weight"]),
            }
            for area in definition["areas"]
        ],
        "questions": [_canonical_question(question) for question in definition["questions"]],
        "choices": [_canonical_choice(choice) for choice in choices],
        "columns": [
            {
                "question": column["question"],
                "code": column["code"],
                "type": column["type"],
                "label_en": column["label_en"],
                "label_zh": column["label_zh"],
                "unit": column.get("unit") or "",
                "is_required": bool(column.get("is_required", True)),
            }
            for column in columns
        ],
    }


def code_of_conduct_text(value: Any) -> str:
    """The stored form of a code of conduct: Unix line ends, no space around it."""
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class CodeSection:
    heading: str
    paragraphs: tuple[str, ...]


HEADING_END = tuple(".。!！?？:：;；,，")


def code_of_conduct_sections(text: str) -> list[CodeSection]:
    """The code's headings and paragraphs: paragraphs are separated by a blank line, and a
    paragraph of one line that does not end in punctuation is a heading. Text before the first
    heading is a section with an empty heading."""
    sections: list[CodeSection] = []
    heading = ""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", code_of_conduct_text(text)):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and not lines[0].endswith(HEADING_END):
            if heading or paragraphs:
                sections.append(CodeSection(heading, tuple(paragraphs)))
            heading, paragraphs = lines[0], []
        else:
            paragraphs.append(" ".join(lines) if not _is_cjk(lines[0]) else "".join(lines))
    if heading or paragraphs:
        sections.append(CodeSection(heading, tuple(paragraphs)))
    return sections


def _is_cjk(line: str) -> bool:
    return any("\u4e00" <= character <= "\u9fff" for character in line)


def _canonical_choice(choice: dict[str, Any]) -> dict[str, Any]:
    data = {
        "question": choice["question"],
        "column": choice.get("column") or "",
        "code": choice["code"],
        "label_en": choice["label_en"],
        "label_zh": choice["label_zh"],
        "points": plain_number(choice.get("points") or 0),
    }
    # Only when set: the hashes of versions published before choices could be exclusive stay.
    if choice.get("exclusive"):
        data["exclusive"] = True
    return data


def _canonical_question(question: dict[str, Any]) -> dict[str, Any]:
    data = {**QUESTION_DEFAULTS, **question}
    condition = data["condition"]
    # Only when set: the hashes of versions published before questions could ask for a
    # document's validity dates stay.
    validity = {"requires_validity": True} if data["requires_validity"] else {}
    return {
        **validity,
        "code": data["code"],
        "area": data["area"],
        "type": data["type"],
        "text_en": data["text_en"],
        "text_zh": data["text_zh"],
        "help_en": data["help_en"] or "",
        "help_zh": data["help_zh"] or "",
        "is_required": bool(data["is_required"]),
        "criticality": data["criticality"],
        "categories": sorted(data["categories"] or []),
        "condition": None
        if not condition
        else {
            "question": condition["question"],
            "operator": condition["operator"],
            "value": _canonical_value(condition.get("value")),
        },
        "allows_not_applicable": bool(data["allows_not_applicable"]),
        "requires_evidence": bool(data["requires_evidence"]),
        "scoring": data["scoring"],
        "max_points": plain_number(data["max_points"] or 0),
        "points_yes": plain_number(data["points_yes"]),
        "points_no": plain_number(data["points_no"]),
        "bands": [
            {
                "min": plain_number(band.get("min")),
                "max": plain_number(band.get("max")),
                "points": plain_number(band["points"]),
            }
            for band in data["bands"] or []
        ],
        "unit": data["unit"] or "",
        "min": plain_number(data["min"]),
        "max": plain_number(data["max"]),
        "data_quality": bool(data["data_quality"]),
    }


def _canonical_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)):
        return plain_number(value)
    if isinstance(value, list):
        return [_canonical_value(item) for item in value]
    return value


def content_hash(definition: dict[str, Any]) -> str:
    payload = json.dumps(
        canonical_content(definition), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
