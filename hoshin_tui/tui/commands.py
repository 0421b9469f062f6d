"""The command palette (ctrl+p): every step and action of the current screen, with prefixed names.

Each screen says what it offers through ``palette_commands()``; the app adds its own. Any key
of the screen that no entry covers still gets one, named after its binding, so a key never
does something the palette cannot.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from hoshin_tui.tui.steps.base import PaletteCommand

if TYPE_CHECKING:
    from textual.screen import Screen

    from hoshin_tui.tui.app import HoshinApp

# Keys that move inside a widget, answer a dialog or open the palette itself: not commands.
NOT_COMMANDS = frozenset({"command_palette", "quit"})


def screen_commands(screen: Screen[Any]) -> list[PaletteCommand]:
    """What ``screen`` offers: its own entries, then one for each of its keys they do not cover."""
    offered = getattr(screen, "palette_commands", None)
    found: list[PaletteCommand] = [PaletteCommand(*entry) for entry in offered()] if offered else []
    covered = {entry.action for entry in found if entry.action}
    for binding in type(screen).BINDINGS:
        if isinstance(binding, tuple) or not binding.description or binding.action in covered:
            continue
        if binding.action in NOT_COMMANDS:
            continue
        action = binding.action
        found.append(
            PaletteCommand(
                f"{screen_prefix(screen)}: {binding.description.lower()}",
                partial(screen.call_next, screen.run_action, action),
                f"{binding.description} ({binding.key_display or binding.key.split(',')[0]})",
                action,
            )
        )
        covered.add(action)
    return found


def screen_prefix(screen: Screen[Any]) -> str:
    return {"picker": "sessions", "session": "session"}.get(screen.id or "", "screen")


class HoshinCommands(Provider):
    @property
    def hoshin(self) -> HoshinApp:
        return cast("HoshinApp", self.screen.app)

    def commands(self) -> list[PaletteCommand]:
        app = self.hoshin
        found = screen_commands(self.screen)
        found += [
            PaletteCommand(
                "view: projector mode",
                app.action_projector,
                "Cycle normal, projector and light projector views (F5)",
                "projector",
            ),
            PaletteCommand(
                "view: projector mode (light)",
                lambda: app.action_projector("light"),
                "For bright rooms (shift+F5)",
                "projector('light')",
            ),
            PaletteCommand("help: keys", app.action_help, "Every key of this screen (F1)", "help"),
        ]
        return found

    async def discover(self) -> Hits:
        for name, run, help_text, _ in self.commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text, _ in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
