"""The disclosure mapping: which figure and which question serves which framework reference.

Versioned reference data in `assessments/data/disclosure-frameworks.json` (its `version` is
named in every figure set, page, API answer and workbook). Each reference paraphrases the
standard and cites where the paraphrase comes from; none of it is the standard's own text.

Pure: reads the file once, no database, no request.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAPPING_FILE = Path(__file__).resolve().parents[1] / "data" / "disclosure-frameworks.json"


@dataclass(frozen=True)
class Reference:
    """One disclosure of one framework (GRI 308-1, HKEX B5.1, MIIT X26...)."""

    framework: str
    code: str
    title_en: str
    title_zh: str
    wording: str
    citation: str
    document: str
    url: str
    figures: tuple[str, ...]
    questions: tuple[str, ...]
    not_computed_en: str = ""
    not_computed_zh: str = ""

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en

    def not_computed(self, language: str) -> str:
        return self.not_computed_zh if language.startswith("zh") else self.not_computed_en


@dataclass(frozen=True)
class Framework:
    code: str
    title_en: str
    title_zh: str
    document: str
    url: str
    references: tuple[Reference, ...]

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en


@dataclass(frozen=True)
class Mapping:
    version: str
    questionnaire: str
    frameworks: tuple[Framework, ...]

    @property
    def references(self) -> tuple[Reference, ...]:
        return tuple(ref for framework in self.frameworks for ref in framework.references)

    def references_of(self, figure_code: str) -> tuple[Reference, ...]:
        """The references a figure serves, in the mapping's order."""
        return tuple(ref for ref in self.references if figure_code in ref.figures)

    @property
    def figure_codes(self) -> frozenset[str]:
        return frozenset(code for ref in self.references for code in ref.figures)


def _reference(framework: dict[str, Any], data: dict[str, Any]) -> Reference:
    return Reference(
        framework=str(framework["code"]),
        code=str(data["code"]),
        title_en=str(data["title_en"]),
        title_zh=str(data["title_zh"]),
        wording=str(data["wording"]),
        citation=str(data["citation"]),
        document=str(framework["document"]),
        url=str(framework.get("url", "")),
        figures=tuple(str(code) for code in data.get("figures", [])),
        questions=tuple(str(code) for code in data.get("questions", [])),
        not_computed_en=str(data.get("not_computed_en", "")),
        not_computed_zh=str(data.get("not_computed_zh", "")),
    )


def mapping_parse(data: dict[str, Any]) -> Mapping:
    """The mapping from its JSON form (a KeyError names a missing field)."""
    return Mapping(
        version=str(data["version"]),
        questionnaire=str(data["questionnaire"]),
        frameworks=tuple(
            Framework(
                code=str(framework["code"]),
                title_en=str(framework["title_en"]),
                title_zh=str(framework["title_zh"]),
                document=str(framework["document"]),
                url=str(framework.get("url", "")),
                references=tuple(_reference(framework, ref) for ref in framework["references"]),
            )
            for framework in data["frameworks"]
        ),
    )


@functools.cache
def mapping_load(path: Path = MAPPING_FILE) -> Mapping:
    """The shipped mapping (read once per process)."""
    with path.open(encoding="utf-8") as handle:
        return mapping_parse(json.load(handle))
