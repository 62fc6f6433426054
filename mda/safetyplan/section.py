"""This package's part of the dossier page."""


def dossier_section(dossier, user, lang: str) -> dict | None:
    """Context for the package's ``_section.html`` on the dossier page; None shows nothing."""
    return None
