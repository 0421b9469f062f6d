"""Exporters: JSON interchange and the printable PDFs (core; never imports textual).

The PDF exporters import weasyprint lazily, inside the functions that render, so
importing this package stays cheap for the start-up path.
"""
