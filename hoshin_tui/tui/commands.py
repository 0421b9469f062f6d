"""The command palette (ctrl+p): every step and action of the current screen, with prefixed names.

Each screen says what it offers through ``palette_commands()``; the app adds its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from hoshin_tui.tui.steps.base import PaletteCommand

if TYPE_CHECKING:
    from hoshin_tui.tui.app import HoshinApp


class HoshinCommands(Provider):
    @property
    def hoshin(self) -> HoshinApp:
        return cast("HoshinApp", self.screen.app)

    def commands(self) -> list[PaletteCommand]:
        app = self.hoshin
        offered = getattr(self.screen, "palette_commands", None)
        found: list[PaletteCommand] = list(offered()) if offered else []
        found += [
            ("view: projector mode", app.action_projector, "Cycle normal, projector and light projector views (F5)"),
            ("view: projector mode (light)", lambda: app.action_projector("light"), "For bright rooms (shift+F5)"),
            ("help: keys", app.action_help, "Every key of this screen (F1)"),
        ]
        return found

    async def discover(self) -> Hits:
        for name, run, help_text in self.commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
