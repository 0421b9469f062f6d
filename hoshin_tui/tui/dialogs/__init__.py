"""Modal dialogs, one per module; each returns a typed value through ``dismiss``."""
