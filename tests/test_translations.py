"""The Simplified Chinese catalogue is complete, compiled, and covers every marked string."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def test_every_string_is_translated_and_none_is_fuzzy() -> None:
    po = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in _entries(po) if not entry.translated()]
    fuzzy = [entry.msgid for entry in _entries(po) if "fuzzy" in entry.flags]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_survive_translation() -> None:
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in _entries(polib.pofile(str(PO))):
        if entry.msgid_plural:
            # Chinese has one form, written from the plural (which carries the count).
            source, translations = entry.msgid_plural, list(entry.msgstr_plural.values())
        else:
            source, translations = entry.msgid, [entry.msgstr]
        for text in translations:
            found, expected = set(placeholder.findall(text)), set(placeholder.findall(source))
            assert found == expected, entry.msgid


def test_compiled_catalogue_matches_the_po_file() -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in _entries(polib.pofile(str(PO))):
        if entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert compiled.gettext(key) == entry.msgstr, f"{entry.msgid!r}: run compilemessages"


def test_makemessages_finds_no_string_missing_from_the_catalogue(tmp_path: Path) -> None:
    """Run makemessages on a copy of the project: every msgid it extracts is already in ours."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", "node_modules", ".git", "__pycache__", "tests"
        ),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-location",
         "--ignore=bench", "--ignore=static"],
        cwd=copy,
        env={
            "PATH": "/usr/bin:/bin:/usr/local/bin",
            "DEBUG": "1",
            "GREENGATE_VAR_DIR": str(tmp_path / "var"),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in _entries(extracted) if not entry.translated()]
    assert missing == [], "New UI strings need a translation: run makemessages and translate them"


def test_amounts_are_grouped_by_thousands_in_chinese_too() -> None:
    from django.template import Context, Template
    from django.utils import translation

    template = Template('{{ value|floatformat:"0g" }}')
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert template.render(Context({"value": 2_000_000})) == "2,000,000", language
