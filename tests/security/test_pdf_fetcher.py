"""A PDF reads only the app's own static files: a reference in its HTML to any other file, a path
that climbs out of the static folder, or a URL on the network is refused and not fetched."""
import logging
from pathlib import Path

import pytest

from mda.core.pdf import RefusedURL, static_file, static_files_fetcher
from mda.safetyplan.pdf import html_to_pdf
from tests.safetyplan.support import pdf_text

MARKER = "QZOUTSIDESTATICQZ"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A stylesheet outside the static folder that would print the marker on the page."""
    path = tmp_path / "outside.css"
    path.write_text(f'body::before {{ content: "{MARKER}"; }}')
    return path


def test_the_fetcher_serves_static_files_and_refuses_everything_else(app_ctx, outside):
    static = Path(app_ctx.static_folder)
    fetcher = static_files_fetcher(app_ctx.static_folder)
    response = fetcher.fetch((static / "css" / "print.css").as_uri())
    assert b"@page" in response.read()
    response.close()
    for url in ("file:///etc/passwd", outside.as_uri(), (static / ".." / "config.py").as_uri(),
                (static / "css" / "%2e%2e" / ".." / "config.py").as_uri(), f"file://evil.example{static}/css/print.css",
                "http://127.0.0.1:9/x.css", "https://example.org/x.css", "ftp://example.org/x",
                "data:text/css,body{}", (static / "css").as_uri()):
        assert static_file(url, app_ctx.static_folder) is None, url
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_a_pdf_does_not_read_files_outside_the_static_folder(app_ctx, outside, caplog):
    html = (f'<html><head><link rel="stylesheet" href="{outside.as_uri()}">'
            f'<style>@import url("file:///etc/passwd");</style></head>'
            f'<body><p>Veiligheidsplan</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png"></body></html>')
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        text = pdf_text(html_to_pdf(html))
    assert "Veiligheidsplan" in text
    assert MARKER not in text
    refusals = " ".join(record.getMessage() for record in caplog.records)
    for url in (outside.as_uri(), "file:///etc/passwd", "http://127.0.0.1:9/x.png"):
        assert url in refusals
