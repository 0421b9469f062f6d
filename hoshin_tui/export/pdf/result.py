"""What every PDF export hands back to its caller (CLI, TUI notification)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    warnings: list[str] = field(default_factory=list)

    @property
    def pages_text(self) -> str:
        """``1 page`` / ``5 pages``."""
        return f"{self.pages} page" + ("s" if self.pages != 1 else "")

    def summary(self) -> str:
        """One line for a notification: where the file went, how many pages, how many warnings."""
        text = f"Wrote {self.path} ({self.pages_text})"
        if self.warnings:
            text += f" with {len(self.warnings)} warning" + ("s" if len(self.warnings) != 1 else "")
        return text
