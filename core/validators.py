"""Single-line text: names that end up in an email subject, a header or a file name.

A line break in a name is a header injection to Django's mail (it raises BadHeaderError for a
subject with a newline), so names are refused with one at input, and text built for a subject
is made one line whatever it holds (rows stored before the rule, or text from elsewhere).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every character str.splitlines() breaks at, and the other control characters.
LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def validate_single_line(value: str) -> None:
    """Raise ValidationError when `value` holds a line break or another control character."""
    if LINE_BREAKS.search(value):
        raise ValidationError(
            _("Keep this to one line: no line breaks or tabs."), code="single_line"
        )


def single_line(text: str) -> str:
    """`text` as one line: each run of line breaks and control characters becomes one space."""
    return " ".join(LINE_BREAKS.sub(" ", text).split())
