"""Aim coaching: each quality is recognised when present and advised when missing."""

from __future__ import annotations

import pytest

from hoshin_tui.core.coaching import WORDS, Check, coach_aim

GOOD_AIM = "Every customer gets a perfect product on time, made safely by people who improve it every day."
LABELS = ["Short", "Customer first", "Zero-defect intent", "Engages everyone", "Plain words", "No targets"]


def check(text: str, label: str) -> Check:
    return {c.label: c for c in coach_aim(text)}[label]


def test_a_good_aim_passes_every_check() -> None:
    checks = coach_aim(GOOD_AIM)
    assert [c.label for c in checks] == LABELS
    assert all(c.ok for c in checks), checks
    assert check(GOOD_AIM, "Short").advice == "17 words, 1 sentence"
    assert check(GOOD_AIM, "Customer first").advice == "Names “customer”"


def test_an_empty_aim_gets_every_piece_of_advice() -> None:
    checks = coach_aim("")
    assert [c.label for c in checks] == LABELS
    assert not any(c.ok for c in checks)
    assert checks[0].advice == "Say why the organization exists, in one or two sentences"
    assert coach_aim("   \n ") == checks


def test_too_many_words() -> None:
    long_aim = " ".join(["word"] * 26)
    assert check(long_aim, "Short") == Check("Short", False, "26 words, 1 sentence: cut to 25 words or fewer")
    assert check(" ".join(["word"] * 25), "Short").ok


def test_too_many_sentences() -> None:
    result = check("We make boxes. We ship boxes. We sell boxes.", "Short")
    assert result == Check("Short", False, "9 words, 3 sentences: keep it to one or two sentences")
    assert check("We make boxes. We ship them!", "Short").ok


@pytest.mark.parametrize(
    "text",
    [
        "Delight our customers",
        "Care for each patient",
        "Every user, every day",
        "Your home, safe",
        "Our clients' trust",
    ],
)
def test_customer_first_is_recognised(text: str) -> None:
    assert check(text, "Customer first").ok


def test_customer_first_advice_when_missing() -> None:
    result = check("Make great machines", "Customer first")
    assert result == Check("Customer first", False, "Say who it is for: customers, patients, users… or “you”")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Defect-free parts", "Defect-free"),
        ("defect free parts", "defect free"),
        ("Zero defects, always", "Zero defects"),
        ("Right first time", "Right first time"),
        ("On time, every time", "every time"),
        ("Flawless service", "Flawless"),
        ("Everyone home safely", "safely"),
    ],
)
def test_zero_defect_intent_is_recognised(text: str, found: str) -> None:
    assert check(text, "Zero-defect intent") == Check("Zero-defect intent", True, f"Carries “{found}”")


def test_zero_defect_intent_needs_whole_words() -> None:
    # "safeguard" is not "safe", "perfectionism" is not "perfect".
    assert not check("We safeguard our perfectionism", "Zero-defect intent").ok


@pytest.mark.parametrize(
    "text", ["Everyone improves", "All of us, together", "Each person counts", "Our associates grow", "One team"]
)
def test_engaging_everyone_is_recognised(text: str) -> None:
    assert check(text, "Engages everyone").ok


def test_engaging_everyone_advice_when_missing() -> None:
    assert not check("The board decides", "Engages everyone").ok


def test_jargon_is_named_in_the_advice() -> None:
    result = check("Leverage synergies for our customers", "Plain words")
    assert result == Check("Plain words", False, "Say “Leverage” in everyday words")
    assert check("A world-class partner", "Plain words").advice == "Say “world-class” in everyday words"
    assert check(GOOD_AIM, "Plain words") == Check("Plain words", True, "No jargon")


@pytest.mark.parametrize(
    ("text", "found"), [("Grow 20% a year", "20%"), ("Ship by 2030", "2030"), ("A $5 saving", "$")]
)
def test_numbers_belong_in_objectives(text: str, found: str) -> None:
    result = check(text, "No targets")
    assert result == Check("No targets", False, f"Move “{found}” to an objective or measure: the aim is timeless")


def test_coaching_is_advice_on_any_text() -> None:
    for text in ["[b]markup[/b]", "ÿ" * 5000, "\x00\t\n", "!!!", "日本語のお客様"]:
        assert len(coach_aim(text)) == len(LABELS)


def test_word_lists_are_lower_case_and_unique() -> None:
    for name, phrases in WORDS.items():
        assert all(p == p.lower() for p in phrases), name
        assert len(set(phrases)) == len(phrases), name
