"""Risk-assessment instruments as they are built: their parts, the items in each part, the
answers an item takes, and the fixed list of resulting risk levels.

Only what is public about an instrument is modelled; nothing is scored by a rule of our own.

- **RiHG** (*Risicotaxatie-instrument Huiselijk Geweld*, police): 20 signals in three parts
  (the possible perpetrator, the course of the violent incident, the family background). The
  assessor marks each signal red (high risk), blue (medium) or yellow (low). Two red signals in
  one part point to a temporary restraining order (*huisverbod*). The wording of the 20 signals
  is the police form's and is not reproduced here: per part the assessor records how many
  signals were red, blue and yellow, which is what the public decision rule reads. A part may be
  left to another professional (some municipalities let the case manager fill in part 3).
- **B-SAFER** (probation): ten risk factors in two parts (the history of partner violence, and
  psychosocial adjustment), each rated present, possibly or partly present, or absent, now and
  in the past. It is structured professional judgement: the assessor sets the risk.
- **ARIJ**, **CARE-NL**, **LIRIK** and other instruments: their items and scoring are not public
  here (LIRIK is a checklist, not a decision scheme), so only the resulting risk level is
  recorded, beside the summary.

Every instrument ends in the assessor's resulting risk level from ``RISK_LEVELS`` and a summary
in free text.
"""
from dataclasses import dataclass
from typing import Optional

from .text import Label

RISK_LEVELS = {
    'low': Label('laag', 'low'),
    'moderate': Label('matig', 'moderate'),
    'high': Label('hoog', 'high'),
}

COUNT = 'count'  # an item answered with a whole number (of signals)
RIHG_SIGNALS = 20
RIHG_REDS_FOR_ORDER = 2

RIHG_COLOURS = {
    'red': Label('rode signalen (hoog risico)', 'red signals (high risk)'),
    'blue': Label('blauwe signalen (middelmatig risico)', 'blue signals (medium risk)'),
    'yellow': Label('gele signalen (laag risico)', 'yellow signals (low risk)'),
}
B_SAFER_RATINGS = {
    'present': Label('aanwezig', 'present'),
    'possible': Label('mogelijk of gedeeltelijk aanwezig', 'possibly or partly present'),
    'absent': Label('afwezig', 'absent'),
}
B_SAFER_TIMES = {
    'now': Label('nu', 'now'),
    'past': Label('in het verleden', 'in the past'),
}


@dataclass(frozen=True)
class Question:
    """One answer on the form: ``code`` is the item row it is stored as; ``answers`` the codes it
    takes (with their labels), or ``COUNT`` for a whole number."""

    code: str
    label: Label
    answers: object = COUNT
    column: Optional[Label] = None  # its heading in a table of the part's items

    @property
    def is_count(self) -> bool:
        return self.answers == COUNT


@dataclass(frozen=True)
class Item:
    """A signal or risk factor of the instrument, answered by one or more questions."""

    code: str
    label: Label
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Part:
    code: str
    label: Label
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Problem:
    """Why the answers cannot be recorded: the question (or '' for the whole) and the reason."""

    question: str
    message: Label


@dataclass(frozen=True)
class RiskInstrument:
    code: str
    name: str
    label: Label
    about: Label
    parts: tuple[Part, ...] = ()
    all_required: bool = False  # every question must be answered (else: at least one)
    max_count: Optional[int] = None  # the most counted answers together (the RiHG's 20 signals)
    empty: Optional[Label] = None  # why nothing (or only zeros) cannot be recorded

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for part in self.parts for item in part.items for q in item.questions)

    def question(self, code: str) -> Optional[Question]:
        return next((q for q in self.questions if q.code == code), None)

    def check(self, answers: dict[str, str]) -> tuple[Problem, ...]:
        """Every reason ``answers`` (question code to answer; a missing or empty one is not
        answered) cannot be recorded for this instrument."""
        problems = []
        given = {code: value for code, value in answers.items() if value not in (None, '')}
        for code, value in given.items():
            question = self.question(code)
            if question is None:
                problems.append(Problem('', Label(f'Onbekend onderdeel: {code}.', f'Unknown item: {code}.')))
            elif question.is_count and not (str(value).isascii() and str(value).isdigit()):
                problems.append(Problem(code, Label('Vul een heel getal van 0 of meer in.',
                                                    'Enter a whole number of 0 or more.')))
            elif not question.is_count and value not in question.answers:
                problems.append(Problem(code, Label('Kies een van de antwoorden.', 'Choose one of the answers.')))
        if self.all_required:
            problems += [Problem(q.code, Label('Beantwoord dit onderdeel.', 'Answer this item.'))
                         for q in self.questions if q.code not in given]
        if problems or self.all_required or not self.parts:
            return tuple(problems)
        counted = sum(int(value) for code, value in given.items() if self.question(code).is_count)
        if counted == 0 and all(self.question(code).is_count for code in given):  # nothing, or only zeros
            return (Problem('', self.empty or Label('Vul minstens één onderdeel in.', 'Fill in at least one item.')),)
        if self.max_count is not None and counted > self.max_count:
            return (Problem('', Label(f'De {self.name} heeft {self.max_count} signalen; er zijn er {counted} ingevuld.',
                                      f'The {self.name} has {self.max_count} signals; {counted} were entered.')),)
        return ()

    def points_to_restraining_order(self, answers: dict[str, str]) -> bool:
        """RiHG: two red signals in one part point to a temporary restraining order."""
        if self.code != 'rihg':
            return False
        return any(int(answers.get(f'{part.code}_red') or 0) >= RIHG_REDS_FOR_ORDER for part in self.parts)


def _rihg_part(code: str, number: int, nl: str, en: str) -> Part:
    label = Label(f'Deel {number}: {nl}', f'Part {number}: {en}')
    questions = tuple(Question(f'{code}_{colour}', Label(f'{text.nl} in deel {number}', f'{text.en} in part {number}'),
                               column=text)
                      for colour, text in RIHG_COLOURS.items())
    return Part(code, label, (Item(code, label, questions),))


def _factor(code: str, nl: str, en: str) -> Item:
    return Item(code, Label(nl, en), tuple(
        Question(f'{code}_{time}', Label(f'{nl}: {when.nl}', f'{en}: {when.en}'), tuple(B_SAFER_RATINGS), when)
        for time, when in B_SAFER_TIMES.items()))


RIHG = RiskInstrument(
    'rihg', 'RiHG',
    Label('RiHG (politie: risicotaxatie huiselijk geweld)', 'RiHG (police: risk assessment domestic violence)'),
    Label('20 signalen in drie delen; per signaal rood (hoog risico), blauw (middelmatig) of geel (laag). '
          'Twee rode signalen in één deel wijzen op een tijdelijk huisverbod. Vul per deel het aantal signalen '
          'per kleur in; een deel dat een ander invult, laat u leeg.',
          '20 signals in three parts; each red (high risk), blue (medium) or yellow (low). Two red signals in '
          'one part point to a temporary restraining order. Enter per part the number of signals of each '
          'colour; leave a part that someone else fills in empty.'),
    parts=(
        _rihg_part('perpetrator', 1, 'de (mogelijke) pleger', 'the (possible) perpetrator'),
        _rihg_part('incident', 2, 'het verloop van het geweldsincident', 'the course of the violent incident'),
        _rihg_part('family', 3, 'de gezinsachtergronden', 'the family background'),
    ),
    max_count=RIHG_SIGNALS,
    empty=Label('Vul per deel in hoeveel signalen rood, blauw en geel zijn.',
                'Enter per part how many signals are red, blue and yellow.'))

B_SAFER = RiskInstrument(
    'b_safer', 'B-SAFER',
    Label('B-SAFER (reclassering)', 'B-SAFER (probation)'),
    Label('Tien risicofactoren voor partnergeweld, elk nu en in het verleden beoordeeld als aanwezig, mogelijk '
          'of gedeeltelijk aanwezig, of afwezig. Gestructureerd professioneel oordeel: u stelt het risico vast.',
          'Ten risk factors for partner violence, each rated now and in the past as present, possibly or partly '
          'present, or absent. Structured professional judgement: you set the risk.'),
    parts=(
        Part('history', Label('Deel 1: geschiedenis van partnergeweld', 'Part 1: history of partner violence'), (
            _factor('violent_acts', 'Gewelddadige handelingen', 'Violent acts'),
            _factor('violent_threats', 'Gewelddadige dreigingen of gedachten', 'Violent threats or thoughts'),
            _factor('escalation', 'Escalatie van geweld, dreigingen of gedachten',
                    'Escalation of violent acts, threats or thoughts'),
            _factor('order_violations', 'Overtreding van opgelegde (rechterlijke) maatregelen',
                    'Violations of civil or criminal court orders'),
            _factor('violent_attitudes', 'Houding die geweld goedpraat', 'Violent attitudes'),
        )),
        Part('adjustment', Label('Deel 2: psychosociaal functioneren', 'Part 2: psychosocial adjustment'), (
            _factor('criminality', 'Andere ernstige criminaliteit', 'Other serious criminality'),
            _factor('relationship', 'Problemen in de partnerrelatie', 'Relationship problems'),
            _factor('employment', 'Problemen met werk of inkomen', 'Employment problems'),
            _factor('substance_use', 'Problematisch middelengebruik', 'Substance use problems'),
            _factor('mental_health', 'Psychische problemen', 'Mental health problems'),
        )),
    ),
    all_required=True)

RISK_INSTRUMENTS = {instrument.code: instrument for instrument in (
    RIHG,
    B_SAFER,
    RiskInstrument('arij', 'ARIJ', Label('ARIJ (veiligheid van kinderen)', 'ARIJ (child safety)'),
                   Label('Legt u de uitkomst vast zoals het instrument die geeft.',
                         'Record the outcome as the instrument gives it.')),
    RiskInstrument('care_nl', 'CARE-NL', Label('CARE-NL (veiligheid van kinderen)', 'CARE-NL (child safety)'),
                   Label('Gestructureerd professioneel oordeel: u stelt het risico vast.',
                         'Structured professional judgement: you set the risk.')),
    RiskInstrument('lirik', 'LIRIK', Label('LIRIK (checklist veiligheid van kinderen)',
                                           'LIRIK (checklist child safety)'),
                   Label('LIRIK is een checklist, geen beslisschema: het helpt de risico\'s te wegen, de '
                         'professional beslist.',
                         'LIRIK is a checklist, not a decision scheme: it helps to weigh the risks, the '
                         'professional decides.')),
    RiskInstrument('other', '', Label('Ander instrument', 'Other instrument'),
                   Label('Noem het instrument in de samenvatting.', 'Name the instrument in the summary.')),
)}
