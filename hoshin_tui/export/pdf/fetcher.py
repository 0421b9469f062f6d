"""A WeasyPrint URL fetcher that serves the bundled assets and nothing else.

WeasyPrint's default fetcher follows http(s), reads any local file and follows ``../``
(PDF_NOTES.md); user text is escaped, and this fetcher is the second wall. Imports
weasyprint, so import this module only inside code that renders.
"""

from __future__ import annotations

from weasyprint.urls import URLFetcher, URLFetcherResponse

from hoshin_tui.export.pdf.assets import asset_path_for, mime_type_for


class AssetFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no type information: URLFetcher is Any
    """Serves files under the package's assets directory; refuses (and records) every other URL."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols={"file"}, allow_redirects=False)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = asset_path_for(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"refused to fetch {url!r}: only bundled assets are allowed")
        self.served.append(url)
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type_for(path)})
