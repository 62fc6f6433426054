"""Every text the code and templates show has a Dutch translation."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_dutch_catalogue_covers_every_message(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "--no-location", str(ROOT)],
                   check=True, cwd=ROOT, capture_output=True)
    with pot.open("rb") as handle:
        wanted = {message.id for message in read_po(handle) if message.id}
    with (ROOT / "translations/nl/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {m.id for m in catalogue if m.id and (m.string if isinstance(m.string, str) else all(m.string))
                  and "fuzzy" not in m.flags}
    missing = sorted(str(message) for message in wanted - translated)
    assert not missing, f"untranslated: {missing}"
