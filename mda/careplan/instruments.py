"""Trauma screening instruments in Dutch use: their age groups, score ranges and published
cut-offs. Pure rules: ``judge`` says whether a result is valid and positive, nothing else."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

KJTS_BANDS = ("green", "yellow", "red")
CRTES_BANDS = ("low", "moderate", "high")
ADULT_AGE = 18


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    min_age: int | None = None
    max_age: int | None = None          # inclusive
    max_score: int | None = None        # None: no upper bound, or no numeric score
    cutoff: int | None = None           # positive at or above
    age_group: object = None

    def fits_age(self, age: int) -> bool:
        return ((self.min_age is None or age >= self.min_age)
                and (self.max_age is None or age <= self.max_age))


INSTRUMENTS = {
    "cries13": Instrument("cries13", "CRIES-13", 8, 18, 65, 30,
                          age_group=_l("children and young people aged 8 to 18")),
    "kjts": Instrument("kjts", "KJTS", 3, 18,
                       age_group=_l("children and young people aged 3 to 18")),
    "pcl5": Instrument("pcl5", "PCL-5", ADULT_AGE, None, 80, 33, age_group=_l("adults (18 and over)")),
    "tsq": Instrument("tsq", "TSQ", ADULT_AGE, None, 10, 6, age_group=_l("adults (18 and over)")),
    # DOMAIN.md publishes only the CRTES bands (0-14 low, 15-27 moderate, 28 and over high), not
    # the maximum total; 115 is a safe upper bound for the range check.
    "crtes": Instrument("crtes", "CRTES", 4, ADULT_AGE - 1, 115, 28,
                        age_group=_l("children aged 4 up to 18")),
    "other": Instrument("other", "", None, None, None, None),
}


def instrument_name(code: str | None, other_name: str = "") -> str:
    if code == "other":
        return other_name
    if code in INSTRUMENTS:
        return INSTRUMENTS[code].name
    return code or ""


@dataclass(frozen=True)
class Problem:
    field: str
    message: object


@dataclass(frozen=True)
class Result:
    positive: bool
    band: str | None = None
    follow_up: bool = False  # KJTS yellow: whether it is positive is the professional's judgement


class InvalidResult(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p.message) for p in problems))
        self.problems = problems


def crtes_band(score: int) -> str:
    if score >= 28:
        return "high"
    return "moderate" if score >= 15 else "low"


def judge(code: str, *, age: int | None, score: int | None = None, band: str | None = None,
          cutoff: int | None = None, other_name: str = "") -> Result:
    """The outcome of a screening with instrument ``code``; raises ``InvalidResult`` naming every
    field that is wrong. ``age`` is the person's age on the screening date (None: unknown)."""
    instrument = INSTRUMENTS.get(code)
    if instrument is None:
        raise InvalidResult([Problem("instrument", _l("Choose the instrument used."))])
    problems = _age_problems(instrument, age) + _value_problems(instrument, score, band, cutoff, other_name)
    if problems:
        raise InvalidResult(problems)
    if code == "kjts":
        return Result(positive=band == "red", band=band, follow_up=band == "yellow")
    if code == "crtes":
        found = crtes_band(score)
        return Result(positive=found == "high", band=found)
    threshold = cutoff if code == "other" else instrument.cutoff
    return Result(positive=score >= threshold)


def _age_problems(instrument: Instrument, age: int | None) -> list[Problem]:
    if instrument.age_group is None:
        return []
    if age is None:
        return [Problem("instrument", _l(
            "The %(instrument)s is meant for %(group)s, and the date of birth of this person is not "
            "known. Record the date of birth first.", instrument=instrument.name, group=instrument.age_group))]
    if not instrument.fits_age(age):
        return [Problem("instrument", _l(
            "The %(instrument)s is meant for %(group)s; this person was %(age)s on the screening "
            "date.", instrument=instrument.name, group=instrument.age_group, age=age))]
    return []


def _value_problems(instrument: Instrument, score, band, cutoff, other_name) -> list[Problem]:
    problems = []
    if instrument.code == "kjts":
        if band not in KJTS_BANDS:
            problems.append(Problem("band", _l("Choose the KJTS outcome: green, yellow or red.")))
        if score is not None:
            problems.append(Problem("score", _l("The KJTS is recorded as green, yellow or red; leave the "
                                                "score empty.")))
        return problems
    if band:
        problems.append(Problem("band", _l("Only the KJTS is recorded as green, yellow or red.")))
    if instrument.code == "other":
        if not (other_name or "").strip():
            problems.append(Problem("other_instrument", _l("Enter the name of the instrument.")))
        if cutoff is None:
            problems.append(Problem("other_cutoff", _l("Enter the cut-off score of the instrument.")))
        elif cutoff < 0:
            problems.append(Problem("other_cutoff", _l("A cut-off score cannot be negative.")))
    if score is None:
        problems.append(Problem("score", _l("Enter the total score.")))
    elif score < 0:
        problems.append(Problem("score", _l("A score cannot be negative.")))
    elif instrument.max_score is not None and score > instrument.max_score:
        problems.append(Problem("score", _l("The total score of the %(instrument)s runs from 0 to %(max)s.",
                                            instrument=instrument.name, max=instrument.max_score)))
    return problems
