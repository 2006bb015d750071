"""Registration-code validation.

Mainland China: the 18-character Unified Social Credit Code (统一社会信用代码) of
GB 32100-2015. Its alphabet is the digits and the capital letters without I, O, S, V and Z;
the 18th character is a check character: with weights 3**i mod 31 for positions i = 0..16,
check = (31 - sum(value * weight) mod 31) mod 31.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_VALUES = {char: value for value, char in enumerate(USCC_ALPHABET)}
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# Positions 3-8 are the administrative-division code (GB/T 2260): digits only.
# Whole-string patterns, checked with fullmatch: `$` also matches before a trailing newline.
USCC_PATTERN = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")

OTHER_CODE_PATTERN = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z ./\-]{0,48}[0-9A-Za-z])?")


def uscc_check_character(first_17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a code."""
    pairs = zip(first_17, USCC_WEIGHTS, strict=True)
    total = sum(USCC_VALUES[char] * weight for char, weight in pairs)
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalize_registration_code(code: str) -> str:
    """Codes are compared without surrounding blanks and in capitals."""
    return code.strip().upper()


def validate_uscc(code: str) -> None:
    """Raise ValidationError unless `code` is a well-formed Unified Social Credit Code."""
    if len(code) != 18:
        raise ValidationError(
            _("A Unified Social Credit Code has 18 characters; this one has %(length)d."),
            code="uscc_length",
            params={"length": len(code)},
        )
    bad = sorted({char for char in code if char not in USCC_VALUES})
    if bad:
        raise ValidationError(
            _(
                "A Unified Social Credit Code uses digits and capital letters except I, O, S, "
                "V and Z; found: %(chars)s."
            ),
            code="uscc_characters",
            params={"chars": " ".join(bad)},
        )
    if not USCC_PATTERN.fullmatch(code):
        raise ValidationError(
            _("Characters 3 to 8 of a Unified Social Credit Code are the region code: digits."),
            code="uscc_region",
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character (the 18th) of this Unified Social Credit Code is wrong: "
                "the first 17 characters give %(expected)s."
            ),
            code="uscc_check_character",
            params={"expected": expected},
        )


def validate_registration_code(*, country: str, code: str) -> None:
    """A USCC for China; elsewhere a plain company number (letters, digits, . / - and spaces)."""
    if country == "CN":
        validate_uscc(code)
        return
    if not code:
        raise ValidationError(_("Enter the registration number."), code="required")
    if not OTHER_CODE_PATTERN.fullmatch(code):
        raise ValidationError(
            _(
                "A registration number has 1 to 50 letters, digits, spaces, dots, slashes or "
                "hyphens, and starts and ends with a letter or digit."
            ),
            code="registration_code_format",
        )
