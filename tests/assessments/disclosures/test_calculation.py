"""The pure parts: the percentage rule, count and share figures, and the mapping file."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from assessments.disclosures import selectors
from assessments.disclosures.calculation import count_figure, percent, share_figure
from assessments.disclosures.frameworks import MAPPING_FILE, mapping_load, mapping_parse

QUESTIONNAIRE = Path(MAPPING_FILE).parent / "supplier-esg-environment.json"


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (0, 0, None),
        (1, 0, None),
        (0, 5, Decimal("0.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (1, 16, Decimal("6.3")),  # 6.25 rounds half up
        (3, 3, Decimal("100.0")),
    ],
)
def test_percent(part: int, whole: int, expected: Decimal | None) -> None:
    assert percent(part, whole) == expected


def test_share_reads_the_part_within_its_base() -> None:
    figure = share_figure(
        code="x", title="t", definition="d", references=(), part_ids=[3, 1, 9], base_ids=[1, 2, 3]
    )
    assert (figure.value, figure.base, figure.supplier_ids) == (Decimal("66.7"), 3, (1, 3))
    empty = share_figure(
        code="x", title="t", definition="d", references=(), part_ids=[1], base_ids=[]
    )
    assert (empty.value, empty.base, empty.supplier_ids) == (None, 0, ())


def test_count_figure_counts_each_supplier_once() -> None:
    figure = count_figure(
        code="x", title="t", definition="d", references=(), supplier_ids=[2, 2, 1]
    )
    assert (figure.value, figure.unit, figure.supplier_ids) == (2, "suppliers", (1, 2))


def test_every_mapped_figure_is_registered_and_every_figure_is_mapped() -> None:
    mapping = mapping_load()
    assert mapping.version
    assert mapping.figure_codes == set(selectors.FIGURES)


def test_every_mapped_question_is_in_the_default_questionnaire() -> None:
    data = json.loads(QUESTIONNAIRE.read_text(encoding="utf-8"))
    mapping = mapping_load()
    assert mapping.questionnaire == data["questionnaire"]["code"]
    known = {a["code"] for a in data["areas"]} | {q["code"] for q in data["questions"]}
    for ref in mapping.references:
        assert set(ref.questions) <= known, ref.code


def test_every_reference_cites_its_source_and_is_a_paraphrase() -> None:
    mapping = mapping_load()
    codes = [ref.code for ref in mapping.references]
    assert len(codes) == len(set(codes))
    for ref in mapping.references:
        assert ref.citation and ref.title_en and ref.title_zh and ref.document, ref.code
        assert ref.wording in {"paraphrase", "quote"}, ref.code
        assert ref.figures or ref.questions or ref.not_computed_en, ref.code
    required = {
        "GRI 308-1", "GRI 308-2 a", "GRI 308-2 b", "GRI 308-2 d", "GRI 308-2 e", "HKEX B5.1",
        "HKEX B5.2", "HKEX B5.3", "HKEX B5.4", "HKEX Part D Scope 3", "MIIT X26",
        "GB/T 39257-2020 evaluation",
    }  # fmt: skip
    assert required <= set(codes)


def test_a_mapping_without_a_version_is_refused() -> None:
    data = json.loads(Path(MAPPING_FILE).read_text(encoding="utf-8"))
    del data["version"]
    with pytest.raises(KeyError):
        mapping_parse(data)


def test_a_figure_code_is_registered_once() -> None:
    with pytest.raises(ValueError, match="twice"):
        selectors.figure("gri-308-1")(lambda p: None)  # type: ignore[arg-type,return-value]
