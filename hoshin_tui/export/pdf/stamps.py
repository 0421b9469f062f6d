"""Stamp many small vector shapes onto a rendered page, straight into the PDF.

WeasyPrint parses every SVG coordinate in Python (about 25 µs a number), so 3,000 circles
in an inline SVG cost seconds. A stamp is a PDF Form XObject drawn once and placed with one
``q a 0 0 a x y cm /Name Do Q`` per use: thousands cost a few ms, stay vector, and each use
is one ``Do`` of a named XObject, which a test can count in the page's content stream.

    stamps = Stamps(page_height_mm=297)
    stamps.define("HoshinDot", circle_ops(filled=True, colour=(0.1, 0.1, 0.1)))
    stamps.place("HoshinDot", x_mm=20, y_mm=30, size_mm=2)   # centre and diameter, from the top left
    stamps.draw_under("0.5 0.5 0.5 RG 0.12 w 10 10 m 50 10 l S")  # raw operators, mm, y down, under the page
    pdf, rendered = render_pdf(html, finisher=stamps)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PT_PER_MM = 72 / 25.4
KAPPA = 0.5523  # cubic Bézier handle length for a quarter circle of radius 1


def circle_ops(*, filled: bool, colour: tuple[float, float, float], stroke: float = 0.12) -> str:
    """A circle of diameter 1 centred on the origin: filled, or stroked ``stroke`` (a fraction of the diameter) wide."""
    r = 0.5 - (0 if filled else stroke / 2)
    k = r * KAPPA
    rgb = " ".join(f"{c:.3f}" for c in colour)
    path = (
        f"{r} 0 m {r} {k:.4f} {k:.4f} {r} 0 {r} c {-k:.4f} {r} {-r} {k:.4f} {-r} 0 c "
        f"{-r} {-k:.4f} {-k:.4f} {-r} 0 {-r} c {k:.4f} {-r} {r} {-k:.4f} {r} 0 c h"
    )
    return f"{rgb} rg {path} f" if filled else f"{rgb} RG {stroke} w {path} S"


def triangle_ops(*, colour: tuple[float, float, float], stroke: float = 0.12) -> str:
    """An upright equilateral triangle about 1 wide, its centre of area on the origin, stroked."""
    h = 0.866 * (1 - stroke)
    half = 0.5 * (1 - stroke)
    rgb = " ".join(f"{c:.3f}" for c in colour)
    top, base = h * 2 / 3, -h / 3
    return f"{rgb} RG {stroke} w 1 j 0 {top:.4f} m {half:.4f} {base:.4f} l {-half:.4f} {base:.4f} l h S"


@dataclass
class Stamps:
    """A WeasyPrint ``finisher``: defines the named shapes and places them on the first page (or ``page``)."""

    page_height_mm: float
    page: int = 0
    shapes: dict[str, str] = field(default_factory=dict)
    uses: list[tuple[str, float, float, float]] = field(default_factory=list)
    underlay: list[str] = field(default_factory=list)
    overlay: list[str] = field(default_factory=list)

    def define(self, name: str, ops: str) -> None:
        """``ops``: PDF drawing operators for the shape at size 1 around the origin (y up)."""
        self.shapes[name] = ops

    def place(self, name: str, x_mm: float, y_mm: float, size_mm: float) -> None:
        self.uses.append((name, x_mm, y_mm, size_mm))

    def draw_under(self, ops: str) -> None:
        """PDF drawing operators in mm from the top left (y down), drawn before (under) the page's own content."""
        self.underlay.append(ops)

    def draw_over(self, ops: str) -> None:
        """Like :meth:`draw_under`, but drawn after (over) the page's content and the stamps."""
        self.overlay.append(ops)

    def content(self) -> str:
        """The page content that draws every use, in PDF user space (points, origin bottom left)."""
        ops = []
        for name, x, y, size in self.uses:
            s = size * PT_PER_MM
            ops.append(
                f"q {s:.3f} 0 0 {s:.3f} {x * PT_PER_MM:.2f} {(self.page_height_mm - y) * PT_PER_MM:.2f} cm /{name} Do Q"
            )
        return "\n".join(ops)

    def __call__(self, document: Any, pdf: Any) -> None:
        import pydyf

        if not (self.uses or self.underlay or self.overlay):
            return
        page = pdf.objects[pdf.pages["Kids"][3 * self.page]]
        resources = _resolve(pdf, page["Resources"])
        xobjects = resources.setdefault("XObject", pydyf.Dictionary())
        xobjects = _resolve(pdf, xobjects)
        for name, ops in self.shapes.items():
            form = pydyf.Stream(
                [ops],
                extra={"Type": "/XObject", "Subtype": "/Form", "BBox": pydyf.Array([-0.6, -0.6, 0.6, 0.6])},
            )
            pdf.add_object(form)
            xobjects[name] = form.reference
        under = f"q {PT_PER_MM:.6f} 0 0 {-PT_PER_MM:.6f} 0 {self.page_height_mm * PT_PER_MM:.4f} cm"
        before = pydyf.Stream([under, *self.underlay, "Q q"], compress=True)
        over = f"q {PT_PER_MM:.6f} 0 0 {-PT_PER_MM:.6f} 0 {self.page_height_mm * PT_PER_MM:.4f} cm"
        after = pydyf.Stream(["Q", self.content(), over, *self.overlay, "Q"], compress=True)
        pdf.add_object(before)
        pdf.add_object(after)
        page["Contents"] = pydyf.Array([before.reference, page["Contents"], after.reference])


def _resolve(pdf: Any, value: Any) -> Any:
    """The object a ``b"N 0 R"`` reference points to (or ``value`` itself)."""
    if isinstance(value, bytes | str):
        text = value.decode() if isinstance(value, bytes) else value
        if text.endswith(" R"):
            return pdf.objects[int(text.split()[0])]
    return value
