"""JSON from clients, bounded: nesting depth, and only text a database can store.

Python's decoder recurses per level, so `[[[[…]]]]` of a couple of kilobytes raises
RecursionError (a 500) in the parser or later in whatever walks the data; a lone surrogate
(`"\\ud800"`) decodes to a Python string that PostgreSQL refuses when it is saved. Both are
refused here with a 400 before any view sees the data: `JSONParser` is the API's default
parser (REST_FRAMEWORK in config/settings.py) and `json_loads` is for JSON read by hand.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as RestJSONParser

# The API's deepest legitimate body (a questionnaire definition) nests under ten levels.
JSON_MAX_DEPTH = 32


class JSONRefusedError(ValueError):
    """Well-formed JSON that is not taken: nested too deeply, or holding unstorable text."""


def is_storable_text(text: str) -> bool:
    """Whether PostgreSQL can store the text: valid Unicode (no lone surrogate) without NUL."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def json_check(data: Any, *, max_depth: int = JSON_MAX_DEPTH) -> None:
    """JSONRefusedError when `data` (decoded JSON) nests deeper than `max_depth` or holds a
    string (a key too) that is not valid Unicode. Iterative: no recursion, whatever the depth."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if not is_storable_text(node):
                raise JSONRefusedError(_("The text contains a character that cannot be stored."))
            continue
        if not isinstance(node, dict | list):
            continue
        if depth + 1 > max_depth:
            raise JSONRefusedError(
                _("The JSON is nested more than %(max)s levels deep.") % {"max": max_depth}
            )
        if isinstance(node, dict):
            for key, value in node.items():
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        else:
            stack.extend((item, depth + 1) for item in node)


def json_loads(text: str | bytes, *, max_depth: int = JSON_MAX_DEPTH) -> Any:
    """`json.loads` for JSON read by hand: ValueError (JSONDecodeError or JSONRefusedError)
    for what is not JSON, nested too deeply, or not storable."""
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise JSONRefusedError(
            _("The JSON is nested more than %(max)s levels deep.") % {"max": max_depth}
        ) from exc
    json_check(data, max_depth=max_depth)
    return data


class JSONParser(RestJSONParser):
    """DRF's JSON parser, refusing deep nesting and unstorable text with a 400 (parse_error)."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(
                _("The JSON is nested more than %(max)s levels deep.") % {"max": JSON_MAX_DEPTH}
            ) from exc
        try:
            json_check(data)
        except JSONRefusedError as exc:
            raise ParseError(str(exc)) from exc
        return data
