"""Leaving while a changed form is open: ask before what was typed is thrown away.

Escape asks in the form itself. ctrl+q (quit) and ctrl+w (back to the sessions) ask here,
with the same question and "keep editing" as the default, for any changed form on the
screen stack (a form under the "new person" prompt counts too). The editors that save as
the room types (the aim, the A3 boxes) need no question: closing the session saves them.

A screen takes part by answering ``unsaved_subject()``: what it would discard, or None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hoshin_tui.tui.dialogs.confirm import ConfirmDialog

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen


def discard_question(subject: str) -> str:
    return f"Discard the changes to '{subject}'?"


def ask_to_discard(subject: str) -> ConfirmDialog:
    """The question, with "Keep editing" as the answer enter and escape give."""
    return ConfirmDialog(discard_question(subject), yes="Discard", no="Keep editing")


def unsaved_subject(screen: Screen[Any]) -> str | None:
    answer = getattr(screen, "unsaved_subject", None)
    return answer() if callable(answer) else None


def leave_after_asking(app: App[Any], leave: Callable[[], object]) -> None:
    """Run ``leave`` now when no changed form is open; otherwise ask first, and leave on "Discard"."""
    subjects = [subject for screen in app.screen_stack if (subject := unsaved_subject(screen))]
    if not subjects:
        leave()
        return
    if isinstance(app.screen, ConfirmDialog):  # a question is already up (escape was pressed): ask this one instead
        app.pop_screen()

    def answer(discard: bool | None) -> None:
        if discard:
            leave()

    app.push_screen(ask_to_discard(subjects[-1]), answer)


def close_session(app: App[Any]) -> None:
    """Back to the session picker from whatever dialog is open over the session."""
    from hoshin_tui.tui.screens.session import SessionScreen

    sessions = [screen for screen in app.screen_stack if isinstance(screen, SessionScreen)]
    if not sessions:
        return
    while app.screen is not sessions[-1]:
        app.pop_screen()
    sessions[-1].action_close()


def in_session(app: App[Any]) -> bool:
    from hoshin_tui.tui.screens.session import SessionScreen

    return any(isinstance(screen, SessionScreen) for screen in app.screen_stack)
