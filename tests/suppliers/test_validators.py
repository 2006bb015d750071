import pytest
from django.core.exceptions import ValidationError

from suppliers.validators import (
    uscc_check_character,
    validate_registration_code,
    validate_uscc,
)
from tests.factories import make_uscc

# Published codes of well-known companies (from their business licences).
REAL_CODES = ["91350100M000100Y43", "911100007109288314", "91110000802100433B"]


@pytest.mark.parametrize("code", REAL_CODES + [make_uscc(n) for n in (1, 42, 9_999_999)])
def test_validate_uscc_accepts_well_formed_codes(code: str) -> None:
    validate_uscc(code)


def test_check_character_matches_gb32100_worked_example() -> None:
    # 91350100M000100Y4 → weights 3**i mod 31 give 3 (the standard's sample code).
    assert uscc_check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("91350100M000100Y4", "uscc_length"),  # 17 characters
        ("91350100M000100Y433", "uscc_length"),  # 19 characters
        ("", "uscc_length"),
        ("91350100M000100YI3", "uscc_characters"),  # I is not in the alphabet
        ("91350100M000100YO3", "uscc_characters"),  # O
        ("91350100M000100YS3", "uscc_characters"),  # S
        ("91350100M000100YV3", "uscc_characters"),  # V
        ("91350100M000100YZ3", "uscc_characters"),  # Z
        ("91350100m000100y43", "uscc_characters"),  # lower case is not normalised here
        ("9135010-M000100Y43", "uscc_characters"),
        ("9135A100M000100Y43", "uscc_region"),  # region code must be digits
        ("91350100M000100Y42", "uscc_check_character"),
        ("911100007109288313", "uscc_check_character"),
        ("91110000802100433A", "uscc_check_character"),
    ],
)
def test_validate_uscc_rejects_each_kind_of_invalid_code(code: str, error_code: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc(code)
    assert excinfo.value.code == error_code


def test_wrong_check_character_message_names_the_expected_one() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc("91350100M000100Y42")
    assert "3" in excinfo.value.messages[0]


def test_every_single_character_change_is_caught() -> None:
    code = REAL_CODES[0]
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for position in range(18):
        for char in alphabet:
            if char == code[position]:
                continue
            changed = code[:position] + char + code[position + 1 :]
            with pytest.raises(ValidationError):
                validate_uscc(changed)


def test_other_countries_take_their_own_registration_numbers() -> None:
    validate_registration_code(country="DE", code="HRB 12345")
    validate_registration_code(country="HK", code="1234567")
    validate_registration_code(country="US", code="12-3456789")
    with pytest.raises(ValidationError):
        validate_registration_code(country="DE", code="")
    with pytest.raises(ValidationError):
        validate_registration_code(country="DE", code="<script>")


def test_china_requires_a_uscc_not_any_number() -> None:
    with pytest.raises(ValidationError):
        validate_registration_code(country="CN", code="HRB 12345")
