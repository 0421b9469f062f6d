"""Dot voting the room can trust: counts, hidden totals, near-ties, and what the winners become.

Pure functions over :class:`~hoshin_tui.model.plan.DotVote` (each edit returns a new vote for
the caller to save), plus :func:`make_items` and :func:`make_decision`, which turn the winners
into plan items or a decision inside one ``store.batch()``: one change, one ctrl+z. No textual.

Two ways to enter a vote. *Tally* (the default at an off-site): the room puts paper dots on
the flip chart and the facilitator types each option's count. *Per voter*: each person in
turn; totals stay hidden until the reveal, so nobody follows the early leader, and the tool
says who still has dots left.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from hoshin_tui.model.enums import InitiativeKind, VoteMode, VoteStatus
from hoshin_tui.model.lists import label_of, plan_list
from hoshin_tui.model.plan import Decision, DotVote, Plan, VoteOption
from hoshin_tui.store.errors import InvalidEdit

if TYPE_CHECKING:
    from pydantic import BaseModel

    from hoshin_tui.store.session import SessionStore

# A gap of at most this share of all dots cast is a near-tie: one dot in a room of seven
# with three dots each. Equal counts are always a tie.
NEAR_TIE_SHARE = 0.05

# The plan lists a vote may take its options from, and make its winners into.
SOURCE_LISTS: tuple[str, ...] = ("initiatives", "objectives", "strategies", "measures")


def suggested_dots(option_count: int) -> int:
    """Dots per person for ``option_count`` options: about a third of them, at least one."""
    return max(1, math.ceil(option_count / 3))


def options_from(plan: Plan, list_name: str) -> list[VoteOption]:
    """One option per item of a plan list, each keeping the id of the item it came from."""
    if list_name not in SOURCE_LISTS:
        raise InvalidEdit(f"A vote's options come from {', '.join(SOURCE_LISTS)}, not {list_name}")
    items: Sequence[BaseModel] = getattr(plan, list_name)
    return [VoteOption(label=_named(item), item_id=str(getattr(item, "id"))) for item in items]  # noqa: B009


def _named(item: BaseModel) -> str:
    code = getattr(item, "code", "")
    label = label_of(item)
    return f"{code} {label}" if code else label


# --- counting ------------------------------------------------------------------------------


def option_total(vote: DotVote, option: VoteOption) -> int:
    """The dots an option holds: its typed count (tally) or every voter's dots on it (per voter)."""
    return sum(option.voter_dots.values()) if vote.mode == VoteMode.PER_VOTER else option.dots


def dots_cast(vote: DotVote) -> int:
    return sum(option_total(vote, option) for option in vote.options)


def voter_used(vote: DotVote, voter: str) -> int:
    return sum(option.voter_dots.get(voter, 0) for option in vote.options)


def dots_left(vote: DotVote) -> dict[str, int]:
    """Voters who still have dots to place, and how many (per voter only)."""
    if vote.mode != VoteMode.PER_VOTER:
        return {}
    left = {voter: vote.dots_per_person - voter_used(vote, voter) for voter in vote.voters}
    return {voter: count for voter, count in left.items() if count > 0}


def totals_hidden(vote: DotVote) -> bool:
    """A per-voter vote hides its totals until the reveal; a closed vote shows them."""
    return vote.mode == VoteMode.PER_VOTER and not vote.revealed and vote.status != VoteStatus.CLOSED


def left_warning(vote: DotVote) -> str:
    """``"Ana has 2 dots left; Ben has 1"``, or "" when every voter has placed every dot."""
    left = dots_left(vote)
    if not left:
        return ""
    if len(left) <= 2:
        return "; ".join(f"{voter} has {count} dot{'s' if count != 1 else ''} left" for voter, count in left.items())
    return f"{len(left)} voters have dots left: " + ", ".join(f"{voter} ({count})" for voter, count in left.items())


@dataclass(frozen=True)
class ResultRow:
    """One option in the results, best first."""

    index: int  # the option's place in the vote
    label: str
    dots: int
    share: float  # of all dots cast, 0..1
    tied: bool  # equal to, or within a near-tie of, the option above or below (options with dots only)
    made_id: str | None


def near_tie(a: int, b: int, total: int) -> bool:
    return a == b or abs(a - b) <= NEAR_TIE_SHARE * total


def results(vote: DotVote) -> list[ResultRow]:
    """The options sorted by dots (the room's order among equals), near-ties marked."""
    totals = [option_total(vote, option) for option in vote.options]
    total = sum(totals)
    order = sorted(range(len(totals)), key=lambda index: -totals[index])
    rows: list[ResultRow] = []
    for place, index in enumerate(order):
        neighbours = [order[p] for p in (place - 1, place + 1) if 0 <= p < len(order)]
        close_by = (other for other in neighbours if totals[other] > 0)
        tied = totals[index] > 0 and any(near_tie(totals[index], totals[other], total) for other in close_by)
        option = vote.options[index]
        rows.append(
            ResultRow(index, option.label, totals[index], totals[index] / total if total else 0.0, tied, option.made_id)
        )
    return rows


def winners(vote: DotVote, count: int) -> list[ResultRow]:
    """The top ``count`` options (none without dots)."""
    return [row for row in results(vote)[:count] if row.dots > 0]


def cut_warning(vote: DotVote, count: int) -> str:
    """A sentence when the cut after the top ``count`` falls inside a near-tie, else ""."""
    rows = results(vote)
    if count <= 0 or count >= len(rows):
        return ""
    inside, outside = rows[count - 1], rows[count]
    if inside.dots and near_tie(inside.dots, outside.dots, dots_cast(vote)):
        return (
            f"'{inside.label}' ({inside.dots}) and '{outside.label}' ({outside.dots}) are a near-tie: the room decides"
        )
    return ""


def bar(fraction: float, width: int) -> str:
    """A block-character bar, ``width`` cells long at 1.0, drawn in eighths of a cell."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])


# --- edits (each returns the new vote; the caller saves it) ---------------------------------------


def _open(vote: DotVote) -> None:
    if vote.status == VoteStatus.CLOSED:
        raise InvalidEdit(f"The vote '{vote.question}' is closed: its result stands as it was")


def _option(vote: DotVote, index: int) -> VoteOption:
    if not 0 <= index < len(vote.options):
        raise InvalidEdit(f"The vote '{vote.question}' has no option {index + 1}")
    return vote.options[index]


def _with_option(vote: DotVote, index: int, option: VoteOption) -> DotVote:
    options = list(vote.options)
    options[index] = option
    return vote.model_copy(update={"options": options})


def set_tally(vote: DotVote, index: int, dots: int) -> DotVote:
    """Option ``index`` holds ``dots`` paper dots."""
    _open(vote)
    option = _option(vote, index)
    if dots < 0:
        raise InvalidEdit("An option cannot hold fewer than 0 dots")
    return _with_option(vote, index, option.model_copy(update={"dots": dots}))


def set_voter_dots(vote: DotVote, voter: str, index: int, dots: int) -> DotVote:
    """``voter`` puts ``dots`` on option ``index``; refused past their dots per person."""
    _open(vote)
    if voter not in vote.voters:
        raise InvalidEdit(f"{voter} is not a voter of '{vote.question}'")
    option = _option(vote, index)
    if dots < 0:
        raise InvalidEdit("A voter cannot put fewer than 0 dots on an option")
    others = voter_used(vote, voter) - option.voter_dots.get(voter, 0)
    if others + dots > vote.dots_per_person:
        left = vote.dots_per_person - others
        raise InvalidEdit(f"{voter} has {vote.dots_per_person} dots in all: {left} left for this option")
    voter_dots = {**option.voter_dots, voter: dots}
    return _with_option(vote, index, option.model_copy(update={"voter_dots": voter_dots}))


def reveal(vote: DotVote) -> DotVote:
    return vote.model_copy(update={"revealed": True})


def close(vote: DotVote, at: datetime | None = None) -> DotVote:
    """Close the vote: from now on it stays as it was. A per-voter vote shows its totals."""
    _open(vote)
    at = at or datetime.now(UTC).replace(microsecond=0)
    return vote.model_copy(update={"status": VoteStatus.CLOSED, "closed_at": at, "revealed": True})


def _checked(vote: DotVote, indexes: Sequence[int]) -> None:
    if not indexes:
        raise InvalidEdit("Choose at least one winner first")
    for index in indexes:
        _option(vote, index)


def make_items(
    store: SessionStore,
    vote: DotVote,
    indexes: Sequence[int],
    list_name: str = "initiatives",
    *,
    kind: InitiativeKind | None = None,
    at: datetime | None = None,
) -> DotVote:
    """The winning options become new items of ``list_name``, and the vote closes: one undo step.

    An option already taken from that list is the item itself, so nothing new is made for it.
    Returns the closed vote as saved.
    """
    if list_name not in SOURCE_LISTS:
        raise InvalidEdit(f"A vote's winners become {', '.join(SOURCE_LISTS)}, not {list_name}")
    _open(vote)
    _checked(vote, indexes)
    target = plan_list(list_name)
    closed = close(vote, at)
    options = list(closed.options)
    made: list[str] = []
    in_list = {str(getattr(item, "id")) for item in getattr(store.load(), list_name)}  # noqa: B009 (read before the batch)
    with store.batch(f"vote '{_short(vote.question)}': {len(indexes)} winners to {target.plural}"):
        for index in indexes:
            option = options[index]
            existing = option.item_id if option.item_id in in_list else None
            if existing:
                options[index] = option.model_copy(update={"made_id": existing})
                continue
            fields: dict[str, object] = {target.title_field: _plain_label(option)}
            if list_name == "initiatives" and kind is not None:
                fields["kind"] = kind
            item = target.model.model_validate(fields)
            store.save(item)
            item_id = str(getattr(item, "id"))  # noqa: B009
            options[index] = option.model_copy(update={"made_id": item_id})
            made.append(option.label)
        outcome = f"Made {target.words(len(made))}: " + "; ".join(made) if made else "Winners already in the plan"
        closed = closed.model_copy(update={"options": options, "outcome": outcome})
        store.save(closed, label=f"close vote '{_short(vote.question)}'")
    return closed


def make_decision(
    store: SessionStore, vote: DotVote, indexes: Sequence[int], *, made_by: str = "", at: datetime | None = None
) -> DotVote:
    """The winners become one decision of the room, and the vote closes: one undo step."""
    _open(vote)
    _checked(vote, indexes)
    closed = close(vote, at)
    picked = ", ".join(f"{vote.options[i].label} ({option_total(vote, vote.options[i])} dots)" for i in indexes)
    text = f"{vote.question} The room chose: {picked}."
    related = [vote.options[i].item_id for i in indexes if vote.options[i].item_id]
    fields: dict[str, object] = {"text": text, "made_by": made_by, "vote_id": vote.id, "related_ids": related}
    if closed.closed_at is not None:
        fields["made_at"] = closed.closed_at
    decision = Decision.model_validate(fields)
    with store.batch(f"vote '{_short(vote.question)}': winners to a decision"):
        store.save(decision)
        closed = closed.model_copy(update={"outcome": f"Decision: {picked}"})
        store.save(closed, label=f"close vote '{_short(vote.question)}'")
    return closed


def _plain_label(option: VoteOption) -> str:
    """An option's text without the code it was shown with ("I3 Launch..." -> "Launch...")."""
    head, _, rest = option.label.partition(" ")
    if option.item_id and rest and head[:1].isupper() and head[1:].isdigit():
        return rest
    return option.label


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
