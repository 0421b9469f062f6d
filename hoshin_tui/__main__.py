"""``python -m hoshin_tui`` is the ``hoshin`` command."""

import sys

from hoshin_tui.cli import main

sys.exit(main())
