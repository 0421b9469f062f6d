"""Where sessions and exports live: ``<workspace>/sessions`` and ``<workspace>/exports``.

The workspace is the current directory unless ``--workspace`` or ``HOSHIN_WORKSPACE`` says
otherwise. A session is named by its slug (``sessions/<slug>.sqlite``) or given as a path.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hoshin_tui.store.errors import SessionExists, SessionNotFound, StoreError
from hoshin_tui.store.peek import peek

if TYPE_CHECKING:
    from hoshin_tui.model import Plan
    from hoshin_tui.store.session import SessionStore

SUFFIX = ".sqlite"
ENV_VAR = "HOSHIN_WORKSPACE"
# SQLite's write-ahead log and its index: part of a session while it is open.
SIDE_FILES = ("-wal", "-shm")


def slugify(name: str) -> str:
    """``"Acme Off-site 2027"`` -> ``"acme-off-site-2027"``; refuses names with nothing usable."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    if not slug:
        raise ValueError(f"'{name}' cannot be used as a session name: use letters or digits")
    return slug


@dataclass(frozen=True)
class SessionInfo:
    """One line of the session list."""

    name: str
    path: Path
    last_change: datetime | None
    counts: dict[str, int] = field(default_factory=dict)
    problem: str = ""  # why the file cannot be opened, if it cannot
    title: str = ""  # the plan's title, which the file name is derived from but need not match
    derived_from: str = ""  # the session it was rolled forward from (hoshin roll-forward)


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def resolve(cls, explicit: str | os.PathLike[str] | None = None) -> Workspace:
        root = explicit or os.environ.get(ENV_VAR) or Path.cwd()
        return cls(Path(root).expanduser().resolve())

    @property
    def sessions_dir(self) -> Path:
        return self.root / "sessions"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    def session_path(self, name: str) -> Path:
        return self.sessions_dir / f"{slugify(name)}{SUFFIX}"

    def locate(self, name_or_path: str) -> Path:
        """A session name in this workspace, or a path to a session file anywhere."""
        candidate = Path(name_or_path).expanduser()
        if candidate.suffix == SUFFIX or os.sep in name_or_path or candidate.is_file():
            if not candidate.exists():
                raise SessionNotFound(f"No session file at {candidate}")
            return candidate.resolve()
        path = self.session_path(name_or_path)
        if not path.exists():
            known = ", ".join(s.name for s in self.sessions()) or "none yet"
            raise SessionNotFound(f"No session named '{name_or_path}' in {self.sessions_dir} (sessions: {known})")
        return path

    def sessions(self) -> list[SessionInfo]:
        """Every session file in the workspace, most recently changed first."""
        if not self.sessions_dir.is_dir():
            return []
        found = [self.describe(path) for path in self.sessions_dir.glob(f"*{SUFFIX}") if not path.name.startswith(".")]
        found = [info for info in found if info.path.exists()]  # deleted or renamed while we listed
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(found, key=lambda s: (s.last_change or oldest, s.name), reverse=True)

    def describe(self, path: Path) -> SessionInfo:
        name = path.name.removesuffix(SUFFIX)
        try:
            found = peek(path)  # counts, not a load: listing many sessions stays quick
        except StoreError as exc:
            return SessionInfo(name, path, None, problem=str(exc))
        last = datetime.fromisoformat(found.last_change) if found.last_change else _mtime(path)
        return SessionInfo(name, path, last, found.counts, title=found.title, derived_from=found.derived_from)

    def create(self, name: str, plan: Plan | None = None) -> SessionStore:
        """A new session named ``name``; two processes creating one name at once get one session and one refusal."""
        from hoshin_tui.core.files import locked_name
        from hoshin_tui.store.session import SessionStore

        path = self.session_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked_name(path):
            if path.exists():
                raise SessionExists(f"A session named '{slugify(name)}' already exists: pick another name")
            return SessionStore.create(path, plan)

    def duplicate(self, source: str, new_name: str) -> Path:
        from hoshin_tui.store.session import SessionStore

        with SessionStore.open(self.locate(source), read_only=True) as store:
            plan = store.load()
        with self.create(new_name, plan) as copy:
            return copy.path

    def rename(self, old: str, new_name: str) -> Path:
        source = self.locate(old)
        target = self.session_path(new_name)
        if target.exists():
            raise SessionExists(f"A session named '{slugify(new_name)}' already exists: pick another name")
        from hoshin_tui.store.session import SessionStore

        # Open for writing first: this takes the lock, so a session open elsewhere is not moved under it.
        with SessionStore.open(source) as store:
            if store.read_only:
                raise StoreError(f"Cannot rename '{old}': {store.read_only_reason}")
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            os.link(source, target)
            # A window reading the session can keep the checkpoint from emptying the -wal file:
            # the latest edits may live only there, so it moves with the file, and its -shm index too.
            for suffix in SIDE_FILES:
                side = Path(f"{source}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{target}{suffix}"))
            source.unlink()
        return target

    def delete(self, name: str) -> None:
        from hoshin_tui.store.session import SessionStore

        path = self.locate(name)
        with SessionStore.open(path) as store:
            if store.read_only:
                raise StoreError(f"Cannot delete '{name}': {store.read_only_reason}")
        trash = self.sessions_dir / ".trash"
        trash.mkdir(exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        shutil.move(path, trash / f"{path.stem}-{stamp}{SUFFIX}")


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
