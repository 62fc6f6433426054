"""What the radar tells a user about a family: each dossier and application in which some of its
persons are known too, named and linked when the user may see it, otherwise only as known to the
Zorg- en Veiligheidshuis, which the user can ask. Every match shown is written to the access log
(the person and dossier it concerns), whether it was named or not."""
from dataclasses import dataclass

from mda import labels
from mda.access import Action, can
from mda.audit.log import record
from mda.core.rules import is_open
from mda.intake import vocabulary
from mda.orgs.models import Organisation
from mda.radar.queries import Match, in_applications, in_dossiers, sought, whom_to_ask


@dataclass(frozen=True)
class Known:
    """A dossier or an application in which persons of the family (``names``, as the asking side
    writes them) are known. ``shown``: the user may open it, and sees its reference and status."""
    kind: str  # "dossier" or "application"
    id: int
    names: tuple[str, ...]
    by_bsn: bool
    shown: bool
    reference: str = ""
    status: object = ""
    open: bool = True  # a dossier that is not closed or handed over


@dataclass(frozen=True)
class Radar:
    known: tuple[Known, ...]
    contacts: tuple[Organisation, ...]  # whom to ask: the region's Zorg- en Veiligheidshuis

    def __bool__(self) -> bool:
        return bool(self.known)

    @property
    def hidden(self) -> bool:
        """Some of it the user may not see: they learn only that the Zorg- en Veiligheidshuis knows."""
        return any(not known.shown for known in self.known)

    @property
    def open_dossiers(self) -> tuple[Known, ...]:
        """The dossiers a new signal about the family can go to."""
        return tuple(known for known in self.known if known.kind == "dossier" and known.open)


def radar_of(user, persons, region_id: int, *, asked_from: str, besides_dossier: int | None = None,
          besides_application: int | None = None) -> Radar:
    """Where ``persons`` (of a dossier, an application or a form) are known in the region besides
    ``besides_dossier`` and ``besides_application``, as ``user`` may learn it: a fixed number of
    queries. ``asked_from`` names the page or step asking, in the access log."""
    wanted = sought(persons)
    matches = in_dossiers(user, wanted, region_id, besides_dossier=besides_dossier)
    matches += in_applications(wanted, region_id, besides_application=besides_application)
    contacts = tuple(whom_to_ask(region_id))
    groups: dict[tuple[str, int], list[Match]] = {}
    for match in matches:
        groups.setdefault(_target(match), []).append(match)
    known = tuple(_known(user, group) for group in groups.values())
    shown = {(k.kind, k.id): k.shown for k in known}
    for match in matches:
        _log(match, shown[_target(match)], asked_from)
    return Radar(known, contacts)


def _target(match: Match) -> tuple[str, int]:
    return ("dossier", match.dossier.id) if match.dossier is not None else ("application", match.application.id)


def _known(user, group: list[Match]) -> Known:
    first = group[0]
    names = tuple(dict.fromkeys(match.wanted.name for match in group))
    by_bsn = any(match.by == "bsn" for match in group)
    if first.dossier is not None:
        dossier = first.dossier
        if not first.visible:
            return Known("dossier", dossier.id, names, by_bsn, False, open=is_open(dossier))
        return Known("dossier", dossier.id, names, by_bsn, True, dossier.reference,
                     labels.CASE_STATE[dossier.state], is_open(dossier))
    application = first.application
    if not can(user, Action.APPLICATION_VIEW, application):
        return Known("application", application.id, names, by_bsn, False)
    return Known("application", application.id, names, by_bsn, True, application.reference,
                 vocabulary.STATUS[application.stage])


def _log(match: Match, shown: bool, asked_from: str) -> None:
    detail = f"radar from {asked_from}: {'shown' if shown else 'known to the zvh'}, same {match.by}"
    if match.dossier is not None:
        record("search", dossier_id=match.dossier.id, person_id=match.person.id, object="radar", detail=detail)
    else:
        record("search", object=f"application:{match.application.id}", detail=detail)


def known_among(user, applications, region_id: int, *, asked_from: str) -> set[int]:
    """The ids of ``applications`` whose family is known elsewhere in the region (in a dossier
    other than its own, or in another application), for a list that says only *that*: two
    queries for the whole list. Every match is logged as a match shown."""
    wanted, owner = [], {}
    for application in applications:
        for person in sought(application.persons):
            wanted.append(person)
            owner[id(person)] = application
    matches = in_dossiers(user, wanted, region_id) + in_applications(wanted, region_id)
    known = set()
    for match in matches:
        application = owner[id(match.wanted)]
        if match.application is application or (
                match.dossier is not None and match.dossier.id == application.dossier_id):
            continue
        known.add(application.id)
        _log(match, False, asked_from)
    return known
