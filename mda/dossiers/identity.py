"""Who a person is, for finding the same person in other dossiers and applications (the radar).

A name is compared by its key: lower case, accents gone, hyphens, dots and runs of spaces one
space, apostrophes dropped ("Öztürk" and "ozturk", "Bakker-Yilmaz" and "bakker  yilmaz" are the
same). The key counts only with the date of birth. The citizen service number (*BSN*) is
optional; when given it must pass the eleven test (*elfproef*), and two BSNs decide on their own.
"""
import re
import unicodedata

from flask_babel import lazy_gettext as _l

# Letters that Unicode does not take apart into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})
_DROPPED = re.compile(r"['’‘`´]")
_SEPARATORS = re.compile(r"[^0-9a-z]+")
BSN_LENGTH = 9
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_BSN_NOISE = re.compile(r"[\s.\-]")
NAME_KEY_LENGTH = 160
BSN_MESSAGES = {
    "length": _l("A BSN has 9 digits. Check the number, or leave the field empty."),
    "eleven_test": _l("This BSN is not valid: it does not pass the eleven test. Check the number, or leave the "
                      "field empty."),
}


def name_key(name: str | None) -> str:
    """The name as the radar compares it."""
    text = (name or "").casefold().translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _DROPPED.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()[:NAME_KEY_LENGTH]


def clean_bsn(text: str | None) -> str:
    """The digits of a BSN as typed (spaces, dots and hyphens left out); a BSN written without
    its leading zero gets it back. Empty when nothing was typed."""
    digits = _BSN_NOISE.sub("", text or "")
    if len(digits) == BSN_LENGTH - 1 and digits.isdigit():
        digits = "0" + digits
    return digits


def passes_eleven_test(bsn: str) -> bool:
    """Nine digits whose sum weighted 9, 8, ..., 2 and -1 is a multiple of eleven (and not 0)."""
    if len(bsn) != BSN_LENGTH or not bsn.isascii() or not bsn.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(bsn, _WEIGHTS, strict=True))
    return total != 0 and total % 11 == 0


def bsn_problem(text: str | None) -> str | None:
    """None for an empty or valid BSN; else ``"length"`` (not nine digits) or ``"eleven_test"``."""
    bsn = clean_bsn(text)
    if not bsn:
        return None
    if len(bsn) != BSN_LENGTH or not bsn.isascii() or not bsn.isdigit():
        return "length"
    return None if passes_eleven_test(bsn) else "eleven_test"


def bsn_error(text: str | None):
    """The message for a BSN that cannot be stored, or None."""
    problem = bsn_problem(text)
    return BSN_MESSAGES[problem] if problem else None


def masked_bsn(bsn: str | None) -> str:
    """A BSN as pages show it: only its last three digits, enough to check it against a letter."""
    return f"••••••{bsn[-3:]}" if bsn else ""
