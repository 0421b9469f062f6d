"""The bottom line of every screen: the keys that work here, each with what it does.

This stands in for Textual's ``Footer``, which builds three DOM nodes per key and rebuilds
them all whenever focus moves: at start-up that was about 130 ms of the picker's time, and
the session screen paid it again on every step change. Here the hints are one line of text,
redrawn in well under a millisecond, laid out the way the Footer lays them out. Nothing is
clickable: the tool is driven from the keyboard.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
DISABLED_STYLE = "dim $footer-description-foreground"


def hint(key: str, description: str, *, enabled: bool = True) -> Content:
    """`` key description `` as the Footer draws it: the key in the accent colour, padded."""
    return Content.assemble(
        (f" {key} ", KEY_STYLE if enabled else DISABLED_STYLE),
        (f"{description} " if description else "", DESCRIPTION_STYLE if enabled else DISABLED_STYLE),
    )


class KeyHints(Widget):
    """The current screen's shown bindings, in order, with help and the command palette at the right."""

    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hints: list[Content] = []
        self._pinned = Content("")

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is not self.screen:
            return
        hints, pinned = self._collect()
        if (hints, pinned) != (self._hints, self._pinned):
            self._hints, self._pinned = hints, pinned
            self.refresh()

    def _collect(self) -> tuple[list[Content], Content]:
        app = self.app
        hints: list[Content] = []
        pinned: list[Content] = []  # help and the palette: always in view, at the right
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                pinned.append(
                    Content.assemble(("▏", "$foreground 20%"), hint(self._display(binding), binding.description))
                )
            elif binding.show and binding.action not in seen:  # one hint per action, as the Footer does
                seen.add(binding.action)
                text = hint(self._display(binding), binding.description, enabled=enabled)
                (pinned if binding.action == "help" else hints).append(text)
        return hints, Content("").join(pinned)

    def _display(self, binding: Binding) -> str:
        return self.app.get_key_display(binding)

    def render(self) -> Content:
        """Whole hints, as many as fit: a key cut in half helps nobody."""
        width = self.size.width
        right = self._pinned if self._pinned.cell_length <= width else Content("")
        room = width - right.cell_length
        shown: list[Content] = []
        for text in self._hints:
            if text.cell_length > room:
                break
            shown.append(text)
            room -= text.cell_length
        return Content.assemble(*shown, " " * room, right)

    @property
    def text(self) -> str:
        """The hints as plain text, for tests and for anyone reading the screen aloud."""
        return "".join(text.plain for text in self._hints) + self._pinned.plain
