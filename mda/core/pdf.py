"""What a PDF may read while WeasyPrint makes it: the app's own static files, nothing else.

A PDF is made from a template that holds what people typed. Whatever slips into its HTML or CSS
(an image, a stylesheet, a font) is fetched through ``static_files_fetcher``, which refuses every
URL that is not a file under the static folder: no ``file:///etc/passwd``, no path that climbs out
with ``..`` or a symbolic link, no http(s), ftp or data URL. WeasyPrint is imported only when a PDF
is made: its import is slow.
"""
import warnings
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname


def weasyprint():
    """WeasyPrint and its URLFetcher, imported on first use. While it loads, fontTools probes
    optional modules (an import hook without ``find_spec``, such as pygal's, turns each failed probe
    into an ImportWarning) and WeasyPrint may warn about a system library it will need in a future
    version: neither says anything about this code."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImportWarning)
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint as module
        from weasyprint.urls import URLFetcher
    return module, URLFetcher


def static_file(url: str, static_folder: str) -> Path | None:
    """The file under ``static_folder`` that ``url`` names, or None for any other URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    root = Path(static_folder).resolve()
    path = Path(url2pathname(unquote(parts.path))).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


class RefusedURL(ValueError):
    """A PDF asked for something that is not one of the app's static files."""


@lru_cache(maxsize=1)
def _fetcher_class():
    class StaticFilesFetcher(weasyprint()[1]):
        def __init__(self, static_folder: str):
            super().__init__(allowed_protocols={"file"})
            self.static_folder = static_folder

        def fetch(self, url, headers=None):
            path = static_file(url, self.static_folder)
            if path is None:
                raise RefusedURL(f"not one of the app's static files: {url[:200]}")
            return super().fetch(path.as_uri(), headers)

    return StaticFilesFetcher


def static_files_fetcher(static_folder: str):
    """A WeasyPrint URL fetcher that serves only the files under ``static_folder``."""
    return _fetcher_class()(static_folder)
