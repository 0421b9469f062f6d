"""hoshin-tui: run a Hoshin Kanri planning session from the terminal."""

__version__ = "0.1.0"
