"""The decisions and actions log as the health panel reads it: open and overdue actions.

An action is only done when someone does it; the panel keeps the open ones in view, and an
action past its due date is a warning, as a missed countermeasure is.
"""

from __future__ import annotations

from datetime import date

from hoshin_tui.core import clock
from hoshin_tui.core.health import Finding
from hoshin_tui.model.enums import DecisionKind, DecisionStatus
from hoshin_tui.model.plan import Decision, Plan

TEXT_CHARS = 40


def open_actions(plan: Plan) -> list[Decision]:
    return [d for d in plan.decisions if d.kind == DecisionKind.ACTION and d.status == DecisionStatus.OPEN]


def is_overdue(action: Decision, today: date) -> bool:
    return action.due is not None and action.due < today and action.status == DecisionStatus.OPEN


def action_findings(plan: Plan, today: date | None = None) -> list[Finding]:
    """A warning per overdue action, a note per other open one (with its owner and due date)."""
    today = today or clock.today()
    findings: list[Finding] = []
    for action in open_actions(plan):
        text = action.text if len(action.text) <= TEXT_CHARS else action.text[: TEXT_CHARS - 1] + "…"
        owner = plan.person_name(action.owner_id) or "nobody"
        if is_overdue(action, today):
            assert action.due is not None
            days = (today - action.due).days
            message = f"Action '{text}' ({owner}) is {days} day{'s' if days != 1 else ''} overdue"
            findings.append(Finding("warning", "decisions", action.id, message, "overdue"))
        else:
            due = f", due {action.due.isoformat()}" if action.due else ", no due date"
            findings.append(Finding("info", "decisions", action.id, f"Open action '{text}' ({owner}{due})", "action"))
    return findings
