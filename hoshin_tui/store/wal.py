"""What the ``-wal`` beside a session holds, read with plain file I/O (SQLite's WAL format).

A WAL left by a crash (or a disk that filled up during a checkpoint) holds committed edits
the main file lacks; SQLite replays them on the next writable open. Before we let it, we
want to know whether there is anything to replay and whether the WAL can belong to this
file at all: its page size must be the main file's, and only frames whose salts match the
WAL header count (older frames are leftovers SQLite itself ignores).
See https://www.sqlite.org/fileformat2.html#the_write_ahead_log
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_VERSION = 3007000
_HEADER = 32
_FRAME_HEADER = 24


@dataclass(frozen=True)
class WalInfo:
    path: Path
    exists: bool = False
    committed_frames: int = 0  # frames up to the last commit whose salts match the header
    db_pages: int = 0  # the database size, in pages, after the last committed transaction
    foreign: str = ""  # why the WAL cannot belong to this file ("" when it can)

    @property
    def has_edits(self) -> bool:
        """True when the WAL holds committed transactions: SQLite would replay them."""
        return self.committed_frames > 0 and not self.foreign


def wal_path(path: Path) -> Path:
    return path.with_name(f"{path.name}-wal")


def shm_path(path: Path) -> Path:
    return path.with_name(f"{path.name}-shm")


def read_wal(path: Path, page_size: int) -> WalInfo:
    """Inspect the ``-wal`` of the session at ``path`` (whose pages are ``page_size`` bytes)."""
    wal = wal_path(path)
    try:
        with wal.open("rb") as handle:
            header = handle.read(_HEADER)
            if len(header) < _HEADER:
                return WalInfo(wal, exists=True)  # empty or torn header: SQLite treats it as empty
            magic, version, wal_page_size, _checkpoint, salt1, salt2 = struct.unpack(">6I", header[:24])
            if magic not in WAL_MAGIC or version != WAL_VERSION:
                return WalInfo(wal, exists=True)  # not a valid WAL header: SQLite ignores it
            if wal_page_size != page_size:
                return WalInfo(
                    wal, exists=True, foreign=f"its pages are {wal_page_size} bytes, the session's {page_size}"
                )
            committed = frames = db_pages = 0
            while True:
                frame = handle.read(_FRAME_HEADER)
                if len(frame) < _FRAME_HEADER:
                    break
                _page, size_after, frame_salt1, frame_salt2 = struct.unpack(">4I", frame[:16])
                if (frame_salt1, frame_salt2) != (salt1, salt2):
                    break  # a frame of an earlier generation of the WAL: the valid part ends here
                if len(handle.read(page_size)) < page_size:
                    break  # torn frame
                frames += 1
                if size_after:
                    committed, db_pages = frames, size_after
    except FileNotFoundError:
        return WalInfo(wal)
    except OSError:
        return WalInfo(wal, exists=True)
    return WalInfo(wal, exists=True, committed_frames=committed, db_pages=db_pages)
