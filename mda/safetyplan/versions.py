"""The seven parts of the plan, how an agreement reads, and the part-by-part comparison of two
versions (or of a version and what someone typed)."""
import difflib
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mda.safetyplan.models import PLAN_PARTS

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
SUBSTANTIVE_PARTS = PLAN_PARTS


def clean(text: str | None) -> str:
    """Text as stored: browsers send CRLF line ends; surrounding blanks carry no meaning."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class AgreementView:
    description: str
    who: str
    monitored_by: str
    due_on: date | None
    not_for: tuple[str, ...] = ()

    def line(self) -> str:
        who = self.who
        if self.monitored_by:
            who += " (" + _("monitored by %(name)s", name=self.monitored_by) + ")"
        due = _("by %(date)s", date=format_date(self.due_on, "d MMMM y") if self.due_on else "—")
        withheld = (not_for_line(self.not_for),) if self.not_for else ()
        return " — ".join((self.description, who, due, *withheld))


def not_for_line(names) -> str:
    return _("Not for: %(names)s", names=", ".join(names))


class Names:
    """Names of the organisations and persons an agreement can point to."""

    def __init__(self, dossier, organisations=()):
        self.persons = {person.id: person.name for person in dossier.persons}
        self.organisations = {org.id: org.name for org in organisations}
        self.coordinator_org = dossier.coordinator.organisation.name

    def agreement(self, description, organisation_id, person_id, due_on, organisation=None,
                  not_for=()) -> AgreementView:
        withheld = self.of_persons(not_for)
        if person_id is not None:
            return AgreementView(description, self.persons.get(person_id, "—"), self.coordinator_org, due_on,
                                 withheld)
        name = organisation.name if organisation is not None else self.organisations.get(organisation_id, "—")
        return AgreementView(description, name, "", due_on, withheld)

    def of_persons(self, person_ids) -> tuple[str, ...]:
        """The names of these persons, in the dossier's order."""
        chosen = set(person_ids)
        return tuple(name for person_id, name in self.persons.items() if person_id in chosen)

    def of_plan(self, plan, agreements=None) -> list[AgreementView]:
        return [self.agreement(a.description, a.responsible_organisation_id, a.responsible_person_id,
                               a.due_on, a.responsible_organisation, a.not_for)
                for a in (plan.agreements if agreements is None else agreements)]

    def of_values(self, rows: list[dict]) -> list[AgreementView]:
        return [self.agreement(r["description"], r["organisation_id"], r["person_id"], r["due_on"],
                               not_for=r.get("not_for", ())) for r in rows]

    def withheld_parts(self, not_for: dict) -> dict[str, tuple[str, ...]]:
        """Per part, the names of the persons it is not for (parts for everyone left out)."""
        return {part: self.of_persons(ids) for part, ids in not_for.items() if ids}


def parts_not_for(plan) -> dict[str, set[int]]:
    return {part: plan.part_not_for(part) for part in PLAN_PARTS}


def family_version(plan, person_id: int) -> tuple[tuple[str, ...], list]:
    """What one person's family version holds: the parts and the agreements that are not
    withheld from them."""
    parts = tuple(part for part in PLAN_PARTS if person_id not in plan.part_not_for(part))
    agreements = [a for a in plan.agreements if person_id not in a.not_for] if "agreements" in parts else []
    return parts, agreements


def snapshot(texts: dict, agreements: list[AgreementView],
             withheld: dict[str, tuple[str, ...]] | None = None) -> dict[str, str]:
    """A version as plain text per part, the agreements one per line; a part that is not for
    someone ends with that line."""
    parts = {name: clean(texts.get(name)) for name in TEXT_PARTS + ("internal_notes",)}
    parts["agreements"] = "\n".join(f"{i}. {a.line()}" for i, a in enumerate(agreements, 1))
    for name, names in (withheld or {}).items():
        parts[name] = "\n".join(filter(None, (parts[name], not_for_line(names))))
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
    for tag, i1, i2, j1, _j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
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
