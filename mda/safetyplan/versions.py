"""The seven parts of the plan, how an agreement reads, and the part-by-part comparison of two
versions (or of a version and what someone typed)."""
import difflib
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

TEXT_PARTS = ("danger_statement", "safety_conditions", "warning_signals", "consequences",
              "network_support", "supervision")
PART_LABELS = {
    "danger_statement": _l("1. Current unsafe situation and biggest worry"),
    "safety_conditions": _l("2. Safety conditions (what must be achieved)"),
    "agreements": _l("3. Safety agreements (how, who and by when)"),
    "warning_signals": _l("4. Warning signals"),
    "consequences": _l("5. What happens when an agreement is kept or broken"),
    "network_support": _l("6. Who from the network helps and checks"),
    "supervision": _l("7. Who supervises, when it is evaluated and with whom"),
    "internal_notes": _l("Internal notes of the professionals"),
}
SUBSTANTIVE_PARTS = tuple(name for name in PART_LABELS if name != "internal_notes")


def clean(text: str | None) -> str:
    """Text as stored: browsers send CRLF line ends; surrounding blanks carry no meaning."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class AgreementView:
    description: str
    who: str
    monitored_by: str
    due_on: date | None

    def line(self) -> str:
        who = self.who
        if self.monitored_by:
            who += " (" + _("monitored by %(name)s", name=self.monitored_by) + ")"
        due = _("by %(date)s", date=format_date(self.due_on, "d MMMM y") if self.due_on else "—")
        return " — ".join((self.description, who, due))


class Names:
    """Names of the organisations and persons an agreement can point to."""

    def __init__(self, dossier, organisations=()):
        self.persons = {person.id: person.name for person in dossier.persons}
        self.organisations = {org.id: org.name for org in organisations}
        self.coordinator_org = dossier.coordinator.organisation.name

    def agreement(self, description, organisation_id, person_id, due_on, organisation=None) -> AgreementView:
        if person_id is not None:
            return AgreementView(description, self.persons.get(person_id, "—"), self.coordinator_org, due_on)
        name = organisation.name if organisation is not None else self.organisations.get(organisation_id, "—")
        return AgreementView(description, name, "", due_on)

    def of_plan(self, plan) -> list[AgreementView]:
        return [self.agreement(a.description, a.responsible_organisation_id, a.responsible_person_id,
                               a.due_on, a.responsible_organisation) for a in plan.agreements]

    def of_values(self, rows: list[dict]) -> list[AgreementView]:
        return [self.agreement(r["description"], r["organisation_id"], r["person_id"], r["due_on"])
                for r in rows]


def snapshot(texts: dict, agreements: list[AgreementView]) -> dict[str, str]:
    """A version as plain text per part, the agreements one per line."""
    parts = {name: clean(texts.get(name)) for name in TEXT_PARTS + ("internal_notes",)}
    parts["agreements"] = "\n".join(f"{i}. {a.line()}" for i, a in enumerate(agreements, 1))
    return parts


def plan_texts(plan) -> dict:
    return {name: getattr(plan, name) for name in TEXT_PARTS + ("internal_notes",)}


@dataclass
class Line:
    text: str
    changed: bool


@dataclass
class PartRow:
    name: str
    label: str
    left: list[Line]
    right: list[Line]
    changed: bool


def _marked(left: str, right: str) -> tuple[list[Line], list[Line]]:
    a, b = left.split("\n") if left else [], right.split("\n") if right else []
    old = [Line(text, True) for text in a]
    new = [Line(text, True) for text in b]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                old[i1 + offset].changed = new[j1 + offset].changed = False
    return old, new


def compare(left: dict[str, str], right: dict[str, str], with_internal: bool = True) -> list[PartRow]:
    """Each part side by side; the lines that differ are marked."""
    rows = []
    for name, label in PART_LABELS.items():
        if name == "internal_notes" and not with_internal:
            continue
        old, new = _marked(left.get(name, ""), right.get(name, ""))
        rows.append(PartRow(name, str(label), old, new, left.get(name, "") != right.get(name, "")))
    return rows
