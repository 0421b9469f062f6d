"""Coaching for the aim of the system (True North), as the room types it.

DOMAIN.md: a good aim is a short aspirational statement that puts the customer first,
carries a zero-defect intent and engages everyone. ``coach_aim`` checks those qualities
plus two common slips (jargon, and numeric targets that belong in objectives and
measures). It only gives advice; it never blocks saving.

Matching is on whole words, case-insensitive, hyphens and spaces alike ("defect-free" ==
"defect free"), and a word also matches its plural ("customer" finds "customers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 25
MAX_SENTENCES = 2

# Every word list the coach uses, in one place. Add phrases in lower case; hyphens and
# spaces are interchangeable.
WORDS: dict[str, tuple[str, ...]] = {
    # Who the organization exists for.
    "customer": (
        "customer",
        "client",
        "patient",
        "user",
        "guest",
        "consumer",
        "shopper",
        "buyer",
        "passenger",
        "traveller",
        "traveler",
        "student",
        "citizen",
        "resident",
        "member we serve",
        "people we serve",
        "those we serve",
        "community",
        "family",
        "families",
        "you",
        "your",
        "yours",
    ),
    # Zero-defect intent: perfection, right first time, nobody hurt.
    "zero_defect": (
        "zero defect",
        "zero defects",
        "defect free",
        "no defects",
        "without defects",
        "without defect",
        "error free",
        "zero errors",
        "without error",
        "perfect",
        "perfectly",
        "perfection",
        "flawless",
        "flawlessly",
        "right first time",
        "first time right",
        "right the first time",
        "every time",
        "each time",
        "safe",
        "safely",
        "safety",
        "zero harm",
        "no harm",
        "never fail",
    ),
    # Everyone in the organization, not only the leaders.
    "everyone": (
        "everyone",
        "everybody",
        "every employee",
        "every associate",
        "every person",
        "every one of us",
        "each person",
        "each of us",
        "each one of us",
        "all of us",
        "all our people",
        "all employees",
        "all associates",
        "we all",
        "together",
        "people",
        "associate",
        "employee",
        "colleague",
        "team",
        "team member",
        "teammate",
        "staff",
        "workforce",
    ),
    # Management jargon the back row will not remember.
    "jargon": (
        "synergy",
        "synergies",
        "leverage",
        "leveraging",
        "paradigm",
        "best in class",
        "world class",
        "best of breed",
        "cutting edge",
        "next generation",
        "state of the art",
        "stakeholder value",
        "shareholder value",
        "value proposition",
        "optimize",
        "optimise",
        "maximize",
        "maximise",
        "core competency",
        "core competencies",
        "holistic",
        "disruptive",
        "ecosystem",
        "scalable",
        "bandwidth",
        "deliverable",
        "going forward",
        "thought leader",
        "leading provider",
        "kpi",
        "roi",
        "ebitda",
        "market share",
    ),
}

_WORD = re.compile(r"[\w'’]+")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
_NUMBER = re.compile(r"\d[\d.,]*\s*%?|[%$€£¥]")


@dataclass(frozen=True, slots=True)
class Check:
    """One quality of the aim: ``ok`` when it is there; ``advice`` says what was found or what to try."""

    label: str
    ok: bool
    advice: str


_TOKEN = re.compile(r"\w+")
_GAP = re.compile(r"[\s-]+")  # what may stand between the words of a phrase: "defect-free" == "defect free"
Phrase = tuple[str, ...]


def _index(phrases: tuple[str, ...]) -> dict[str, list[tuple[int, Phrase]]]:
    """Each phrase as its words, filed under its first word, with its rank: longer phrases first.

    Matching words against this index, rather than compiling one large regular expression per
    list, keeps the coach off the session's start-up path (the four expressions took ~10 ms to
    compile) and still costs a fraction of a millisecond a keystroke.
    """
    index: dict[str, list[tuple[int, Phrase]]] = {}
    for rank, phrase in enumerate(sorted(phrases, key=len, reverse=True)):
        words = tuple(_GAP.split(phrase.strip().lower()))
        index.setdefault(words[0], []).append((rank, words))
    return index


_INDEX: dict[str, dict[str, list[tuple[int, Phrase]]]] = {name: _index(phrases) for name, phrases in WORDS.items()}


def _match_at(text: str, tokens: list[re.Match[str]], start: int, phrase: Phrase) -> int | None:
    """Where ``phrase`` ends when it starts at token ``start`` (its last word may be plural or possessive)."""
    last = start + len(phrase) - 1
    if last >= len(tokens):
        return None
    for k in range(start, last + 1):
        if k > start and not _GAP.fullmatch(text, tokens[k - 1].end(), tokens[k].start()):
            return None
        word, token = phrase[k - start], tokens[k].group(0).lower()
        if k < last and token != word:
            return None
    word, token = phrase[-1], tokens[last].group(0).lower()
    if token in (word + "s", word + "es"):
        return tokens[last].end()
    if token != word:
        return None
    end = tokens[last].end()
    after = last + 1
    if (  # customer's, customer’s
        after < len(tokens)
        and text[end : end + 1] in ("'", "’")
        and tokens[after].start() == end + 1
        and tokens[after].group(0).lower() == "s"
    ):
        return tokens[after].end()
    return end


def _found(name: str, text: str) -> str | None:
    """The first phrase of the list ``name`` in ``text``, as written there (spaces tidied), or None."""
    index = _INDEX[name]
    tokens = list(_TOKEN.finditer(text))
    for start, token in enumerate(tokens):
        word = token.group(0).lower()
        keys = {word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word}
        for _rank, phrase in sorted(entry for key in keys for entry in index.get(key, ())):
            end = _match_at(text, tokens, start, phrase)
            if end is not None:
                return " ".join(text[token.start() : end].split())
    return None


def _length(text: str) -> Check:
    words = len(_WORD.findall(text))
    sentences = len(_SENTENCE_END.findall(text.strip() + " ")) or 1
    if words == 0:
        return Check("Short", False, "Say why the organization exists, in one or two sentences")
    counted = f"{words} word{'s' if words != 1 else ''}, {sentences} sentence{'s' if sentences != 1 else ''}"
    if words > MAX_WORDS:
        return Check("Short", False, f"{counted}: cut to {MAX_WORDS} words or fewer")
    if sentences > MAX_SENTENCES:
        return Check("Short", False, f"{counted}: keep it to one or two sentences")
    return Check("Short", True, counted)


def coach_aim(text: str) -> list[Check]:
    """The aim's qualities, always the same checks in the same order, so a checklist can redraw in place."""
    text = text or ""
    empty = not _WORD.search(text)
    checks = [_length(text)]

    customer = _found("customer", text)
    checks.append(
        Check("Customer first", True, f"Names “{customer}”")
        if customer
        else Check("Customer first", False, "Say who it is for: customers, patients, users… or “you”")
    )
    zero = _found("zero_defect", text)
    checks.append(
        Check("Zero-defect intent", True, f"Carries “{zero}”")
        if zero
        else Check("Zero-defect intent", False, "Aim for perfection: defect-free, right first time, safely…")
    )
    everyone = _found("everyone", text)
    checks.append(
        Check("Engages everyone", True, f"Includes “{everyone}”")
        if everyone
        else Check("Engages everyone", False, "Invite everyone in: everyone, all of us, together…")
    )
    jargon = _found("jargon", text)
    if empty:
        checks.append(Check("Plain words", False, "Use words the whole room would say"))
    elif jargon:
        checks.append(Check("Plain words", False, f"Say “{jargon}” in everyday words"))
    else:
        checks.append(Check("Plain words", True, "No jargon"))
    number = _NUMBER.search(text)
    if empty:
        checks.append(Check("No targets", False, "Keep numbers for objectives and measures"))
    elif number:
        found = number.group(0).strip()
        checks.append(Check("No targets", False, f"Move “{found}” to an objective or measure: the aim is timeless"))
    else:
        checks.append(Check("No targets", True, "No numbers: it will last beyond this year"))
    return checks
