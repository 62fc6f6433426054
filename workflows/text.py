"""Texts in Dutch and English, and helpers that put names and dates into sentences."""
from dataclasses import dataclass
from datetime import date
from typing import Iterable

LANGUAGES = ('nl', 'en')


@dataclass(frozen=True)
class Label:
    """A user-facing text in Dutch (the language of the UI) and English."""

    nl: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == 'en' else self.nl


def join_names(names: Iterable[str]) -> str:
    """Names in their given order, without repeats, separated by commas."""
    return ', '.join(dict.fromkeys(names))


def format_date(day: date, lang: str) -> str:
    """A date as Dutch readers write it (31-12-2026), or ISO 8601 for English."""
    return day.strftime('%d-%m-%Y') if lang == 'nl' else day.isoformat()
