"""Personal details are replaced before storage; the question itself survives."""
import pytest

from privacy.redaction import redact


@pytest.mark.parametrize(
    "text,gone,placeholder",
    [
        ("email me at jo.smith+sen@example.org please", "jo.smith", "[email]"),
        ("my number is 07700 900123 if that helps", "900123", "[phone]"),
        ("call me on +44 7700 900123", "900123", "[phone]"),
        ("landline 01632 960001", "960001", "[phone]"),
        ("we live in SS1 2AB", "SS1 2AB", "[postcode]"),
        ("postcode is ip4 1ax", "ip4 1ax", "[postcode]"),
        ("he was born 03/04/2016", "03/04/2016", "[date]"),
        ("dob 3rd March 2016", "March 2016", "[date]"),
        ("my son is called Oliver and he is 7", "Oliver", "[name]"),
        ("her name is Amelia Jones", "Amelia", "[name]"),
        ("my daughters names Ruby, shes in year 3", "Ruby", "[name]"),
        ("the senco, named Mrs Patel, says no", "Patel", "[name]"),
    ],
)
def test_personal_details_are_replaced(text: str, gone: str, placeholder: str) -> None:
    redacted = redact(text)
    assert gone not in redacted
    assert placeholder in redacted


@pytest.mark.parametrize(
    "text",
    [
        "what is sen support",
        "he is in year 3 and has been on sen support for 2 years",
        "the plan is called an IEP at his school",
        "is it called sen support or send support",
        "school said 6,000 pounds is the threshold",
    ],
)
def test_ordinary_questions_are_kept_as_they_are(text: str) -> None:
    assert redact(text) == text
