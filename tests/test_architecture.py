"""The core knows nothing of screens, and start-up never pays for the PDF renderer."""

import subprocess
import sys

import pytest

CORE = ["hoshin_tui.model", "hoshin_tui.store", "hoshin_tui.export.json_io", "hoshin_tui.core.workspace"]


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in out.split()}


@pytest.mark.parametrize("module", CORE)
def test_core_imports_neither_textual_nor_rich(module):
    loaded = loaded_after_import(module)
    assert "textual" not in loaded and "rich" not in loaded


@pytest.mark.parametrize(
    "module",
    [
        "hoshin_tui.cli",
        "hoshin_tui.tui.app",
        "hoshin_tui.tui.steps.matrix",
        "hoshin_tui.tui.steps.a3",
        "hoshin_tui.export.pdf",
    ],
)
def test_start_up_path_does_not_import_weasyprint(module):
    pytest.importorskip(module)
    assert "weasyprint" not in loaded_after_import(module)


def test_import_contracts_hold():
    from pathlib import Path

    root = Path(__file__).parents[1]
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
