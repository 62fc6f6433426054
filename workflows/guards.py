"""The conditions a case must meet before it moves on, and why a step is blocked.

Each guard is a pure function of its workflow's facts (`CaseFacts`, `TaskFacts`) that returns
every reason it fails, in Dutch and English and naming the organisations and people concerned; no
reasons means it passes. The web layer shows `available_actions()` with these reasons next to a
disabled button, and the engine refuses a transition with the same reasons.
"""
from dataclasses import dataclass
from typing import Any, Callable, Optional

from .facts import (ApplicationFacts, CaseFacts, ConferenceFacts, EscalationFacts, HandoverFacts,
                    RestrainingOrderFacts, TaskFacts)
from .restraining import RESTRAINING_ORDER_MAX_DAYS, latest_end
from .spec import TransitionSpec, WorkflowSpec
from .text import Label, format_date, join_names
from .vocabulary import MONITORING_FREQUENCIES, ORG_KINDS, SAFETY_HOLDER_KINDS, USER_ROLES


@dataclass(frozen=True)
class Reason:
    """Why a step cannot be taken: a stable `code` and the explanation in Dutch and English."""

    code: str
    nl: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == 'en' else self.nl


Guard = Callable[[Any], tuple[Reason, ...]]

SCREENED_ROLES = ('victim', 'perpetrator', 'child')


def has_person_and_signal(facts: CaseFacts) -> tuple[Reason, ...]:
    reasons = []
    if not facts.persons:
        reasons.append(Reason('no_person', 'Er is nog niemand in het dossier vastgelegd.',
                              'No person has been recorded in the dossier yet.'))
    if not facts.signals:
        reasons.append(Reason('no_signal', 'Er is nog geen signaal of melding vastgelegd.',
                              'No signal or report has been recorded yet.'))
    return tuple(reasons)


def assessment_unsafe(facts: CaseFacts) -> tuple[Reason, ...]:
    if facts.assessment_outcome is None:
        return (Reason('assessment_missing',
                       'De uitkomst van de veiligheidsbeoordeling is nog niet vastgelegd.',
                       'The outcome of the safety assessment has not been recorded yet.'),)
    if facts.assessment_outcome not in ('acute', 'structural'):
        return (Reason('assessment_not_unsafe',
                       'Volgens de veiligheidsbeoordeling is er geen acute of structurele '
                       'onveiligheid; MDA++ is bedoeld voor structureel onveilige gezinnen.',
                       'The safety assessment found no acute or structural unsafety; MDA++ is '
                       'meant for structurally unsafe families.'),)
    return ()


def triage_accepted(facts: CaseFacts) -> tuple[Reason, ...]:
    """MDA++ is decided case by case: phase 1 follows the triage meeting's acceptance."""
    if facts.triage_accepted is None:
        return (Reason('triage_not_applied',
                       'Het gezin is niet aangemeld voor MDA++: meld het aan bij het triageoverleg '
                       '(„Dit gezin aanmelden voor MDA++” in het dossier); fase 1 begint pas na een '
                       'positief triagebesluit.',
                       'The family was not applied for MDA++: apply for it at the triage meeting '
                       '("Apply for MDA++ for this family" in the dossier); phase 1 starts only after '
                       'the triage meeting accepts it.'),)
    if facts.triage_accepted is False:
        return (Reason('triage_not_accepted',
                       'Het gezin is aangemeld voor MDA++, maar het triageoverleg heeft de '
                       'aanmelding (nog) niet geaccepteerd; fase 1 begint pas na een positief '
                       'triagebesluit.',
                       'The family was applied for MDA++, but the triage meeting has not (yet) '
                       'accepted the application; phase 1 starts only after the triage meeting '
                       'accepts it.'),)
    return ()


def team_of_two(facts: CaseFacts) -> tuple[Reason, ...]:
    members = join_names(p.name for p in facts.team)
    if len({p.org_id for p in facts.team}) >= 2:
        return ()
    if members:
        nl = (f'Alleen {members} is actief in het team; er zijn minstens twee '
              'partnerorganisaties nodig.')
        en = (f'Only {members} is active on the team; at least two partner organisations '
              'are needed.')
    else:
        nl = 'Er is nog geen partnerorganisatie actief in het team; er zijn er minstens twee nodig.'
        en = 'No partner organisation is active on the team yet; at least two are needed.'
    invited = join_names(p.name for p in facts.partners if not p.active and p.shares_plans)
    if invited:
        nl += f' Uitgenodigd of niet meer actief: {invited}.'
        en += f' Invited or no longer active: {invited}.'
    return (Reason('team_too_small', nl, en),)


def safety_holder_accepted(facts: CaseFacts) -> tuple[Reason, ...]:
    """One named organisation accepted *zicht op veiligheid*, with a monitoring agreement that
    still runs."""
    handover = facts.handover
    if handover is None:
        return (Reason('no_safety_holder',
                       'Geen organisatie heeft zicht op veiligheid aanvaard: draag het over aan een partner in het '
                       'team, met een monitoringsafspraak (wat zij volgt, hoe vaak, tot wanneer), en wacht tot die '
                       'partner de overdracht aanvaardt.',
                       'No organisation has accepted zicht op veiligheid: hand it over to a partner on the team, with '
                       'a monitoring agreement (what it watches, how often, until when), and wait until that partner '
                       'accepts the handover.'),)
    name = handover.organisation
    if handover.state == 'proposed':
        return (Reason('handover_not_accepted',
                       f'{name} heeft de overdracht van zicht op veiligheid (voorgesteld op '
                       f'{format_date(handover.proposed_on, "nl")}) nog niet aanvaard.',
                       f'{name} has not yet accepted the handover of zicht op veiligheid (proposed on '
                       f'{format_date(handover.proposed_on, "en")}).'),)
    if handover.state == 'declined':
        return (Reason('handover_declined',
                       f'{name} heeft de overdracht van zicht op veiligheid afgewezen: {handover.reason} '
                       'Draag het over aan een andere partner.',
                       f'{name} declined the handover of zicht op veiligheid: {handover.reason} '
                       'Hand it over to another partner.'),)
    if handover.until <= facts.today:
        return (Reason('handover_expired',
                       f'De monitoringsafspraak met {name} liep tot {format_date(handover.until, "nl")}; maak een '
                       'nieuwe afspraak.',
                       f'The monitoring agreement with {name} ran until {format_date(handover.until, "en")}; '
                       'make a new agreement.'),)
    return ()


def re_report_awaiting_decision(facts: CaseFacts) -> tuple[Reason, ...]:
    """A closed case is reopened on a new report, not otherwise."""
    if facts.re_report_pending:
        return ()
    return (Reason('no_re_report',
                   'Een afgesloten casus gaat alleen weer open na een nieuwe melding: leg eerst de melding vast; '
                   'de houder van zicht op veiligheid en de casusregisseur besluiten dan over heropenen.',
                   'A closed case is only reopened after a new report: record the report first; the holder of '
                   'zicht op veiligheid and the case coordinator then decide on reopening.'),)


def holder_can_hold(facts: HandoverFacts) -> tuple[Reason, ...]:
    """The named organisation is a partner on the team of a kind that keeps that watch, and no
    other handover is proposed or accepted."""
    reasons = []
    if facts.org_kind not in SAFETY_HOLDER_KINDS:
        kinds = [ORG_KINDS[k] for k in ORG_KINDS if k in SAFETY_HOLDER_KINDS]
        reasons.append(Reason(
            'holder_wrong_kind',
            f'{facts.organisation} kan geen zicht op veiligheid houden; dat kan alleen '
            f'{" of ".join(k.nl for k in kinds)}.',
            f'{facts.organisation} cannot keep zicht op veiligheid; only {" or ".join(k.en for k in kinds)} can.'))
    elif not facts.on_team:
        reasons.append(Reason(
            'holder_not_on_team',
            f'{facts.organisation} is geen actieve partner in het team; nodig de organisatie eerst uit.',
            f'{facts.organisation} is not an active partner on the team; invite the organisation first.'))
    if facts.other:
        reasons.append(Reason(
            'handover_already_live',
            f'Zicht op veiligheid is al overgedragen aan {facts.other}; trek die overdracht eerst in.',
            f'Zicht op veiligheid has already been handed over to {facts.other}; withdraw that handover first.'))
    return tuple(reasons)


def monitoring_agreement_complete(facts: HandoverFacts) -> tuple[Reason, ...]:
    """The agreement says what the holder watches, how often (from the list), and until a day after
    today."""
    reasons = []
    if not (facts.watches or '').strip():
        reasons.append(Reason('agreement_no_watches', 'Beschrijf wat de organisatie in het oog houdt.',
                              'Describe what the organisation keeps an eye on.'))
    if facts.frequency not in MONITORING_FREQUENCIES:
        reasons.append(Reason('agreement_no_frequency', 'Kies uit de lijst hoe vaak de organisatie kijkt.',
                              'Choose from the list how often the organisation looks.'))
    if facts.until is None or facts.until <= facts.today:
        reasons.append(Reason('agreement_until_passed',
                              'De monitoringsafspraak moet lopen tot een datum na vandaag.',
                              'The monitoring agreement must run until a date after today.'))
    return tuple(reasons)


def safety_plan_agreed(facts: CaseFacts) -> tuple[Reason, ...]:
    plan = facts.safety_plan
    if plan is None:
        return (Reason('no_safety_plan', 'Er is nog geen veiligheidsplan.',
                       'There is no safety plan yet.'),)
    if not facts.team:
        return (Reason('safety_plan_no_team',
                       'Er is geen actieve partner in het team die het veiligheidsplan kan '
                       'bevestigen.',
                       'No active partner on the team can confirm the safety plan.'),)
    if plan.revision_pending:  # the confirmations stand for the plan as it was before the relapse
        return (Reason('safety_plan_revision_pending',
                       f'Na de terugval wordt het veiligheidsplan (versie {plan.version}) eerst met het '
                       'team herzien: de casusregisseur heropent het, daarna bevestigt elke partner het '
                       'opnieuw.',
                       f'After the relapse the safety plan (version {plan.version}) is first revised with '
                       'the team: the case coordinator reopens it, then every partner confirms it again.'),)
    missing = join_names(p.name for p in facts.unconfirmed_partners)
    if missing:
        return (Reason('safety_plan_unconfirmed',
                       f'Het veiligheidsplan (versie {plan.version}) is nog niet bevestigd '
                       f'door: {missing}',
                       f'The safety plan (version {plan.version}) is not yet confirmed '
                       f'by: {missing}'),)
    return ()


def safety_score_at_threshold(facts: CaseFacts) -> tuple[Reason, ...]:
    latest, threshold = facts.latest_score, facts.safety_threshold
    if latest is None:
        return (Reason('no_safety_score', 'Er is nog geen veiligheidsscore vastgesteld.',
                       'No safety score has been set yet.'),)
    if latest.team_score < threshold:
        return (Reason('safety_score_below_threshold',
                       f'De laatste veiligheidsscore ({latest.team_score} op '
                       f'{format_date(latest.on, "nl")}) ligt onder de drempel van {threshold}.',
                       f'The latest safety score ({latest.team_score} on '
                       f'{format_date(latest.on, "en")}) is below the threshold of {threshold}.'),)
    return ()


def care_plan_covers_everyone(facts: CaseFacts) -> tuple[Reason, ...]:
    if not facts.has_care_plan:
        return (Reason('no_care_plan', 'Er is nog geen zorgplan.', 'There is no care plan yet.'),)
    reasons = []
    if not any(g.kind == 'risk' and (g.risk_factor or '').strip() for g in facts.care_goals):
        reasons.append(Reason(
            'care_plan_not_risk_driven',
            'Het zorgplan heeft nog geen risicogestuurd doel tegen een benoemde risicofactor.',
            'The care plan has no risk-driven goal against a named risk factor yet.'))
    covered = {g.person_id for g in facts.care_goals}
    uncovered = join_names(p.name for p in facts.persons if p.id not in covered)
    if uncovered:
        reasons.append(Reason('care_plan_incomplete',
                              f'Het zorgplan heeft nog geen doel voor: {uncovered}',
                              f'The care plan has no goal yet for: {uncovered}'))
    return tuple(reasons)


def trauma_screening_complete(facts: CaseFacts) -> tuple[Reason, ...]:
    missing, unexplained, pending = [], [], []
    for person in facts.persons_with_role(*SCREENED_ROLES):
        screenings = [s for s in facts.screenings if s.person_id == person.id]
        if any(s.settled for s in screenings):
            continue
        if any(s.status == 'refused' for s in screenings):
            unexplained.append(person.name)
        elif screenings:
            pending.append(person.name)
        else:
            missing.append(person.name)
    reasons = []
    if missing:
        names = join_names(missing)
        reasons.append(Reason('screening_missing', f'Nog geen traumascreening voor: {names}',
                              f'No trauma screening yet for: {names}'))
    if pending:
        names = join_names(pending)
        reasons.append(Reason('screening_not_done',
                              f'Traumascreening nog niet uitgevoerd voor: {names}',
                              f'Trauma screening not yet done for: {names}'))
    if unexplained:
        names = join_names(unexplained)
        reasons.append(Reason('screening_refused_without_reason',
                              f'Traumascreening geweigerd zonder vastgelegde reden voor: {names}',
                              f'Trauma screening refused without a recorded reason for: {names}'))
    return tuple(reasons)


def positive_screenings_treated(facts: CaseFacts) -> tuple[Reason, ...]:
    untreated = {s.person_id for s in facts.screenings if s.positive and not s.has_treatment_task}
    names = join_names(p.name for p in facts.persons if p.id in untreated)
    if not untreated:
        return ()
    return (Reason('positive_screening_untreated',
                   f'Positieve traumascreening zonder behandeltaak voor: {names}',
                   f'Positive trauma screening without a treatment task for: {names}'),)


def care_goals_evaluated(facts: CaseFacts) -> tuple[Reason, ...]:
    if not facts.care_goals:
        return (Reason('no_care_goals', 'Het zorgplan heeft geen doelen om te evalueren.',
                       'The care plan has no goals to evaluate.'),)
    open_goals = [g for g in facts.care_goals if not g.evaluated]
    if not open_goals:
        return ()
    ids = {g.person_id for g in open_goals}
    names = join_names(p.name for p in facts.persons if p.id in ids)
    return (Reason('care_goals_not_evaluated',
                   f'Nog niet geëvalueerde doelen in het zorgplan voor: {names}',
                   f'Care plan goals not yet evaluated for: {names}'),)


def closing_scores(facts: CaseFacts) -> tuple[Reason, ...]:
    """Safety that holds: the team scores of the latest reviews that count (set with enough
    partner scores) stay at or above the closing threshold over at least the region's interval,
    in at least two reviews."""
    threshold, needed, gap = facts.closing_threshold, facts.partner_scores_needed, facts.closing_review_gap
    counted = facts.counted_scores
    rule_nl = (f'Voor afsluiten moet de teamscore minstens {threshold} zijn in twee evaluaties die minstens '
               f'{_days_nl(gap.days)} uit elkaar liggen, elk met de scores van minstens {needed} '
               'partnerorganisaties naast die van de casusregisseur')
    rule_en = (f'To close, the team score must be at least {threshold} in two reviews at least '
               f'{_days_en(gap.days)} apart, each with the scores of at least {needed} partner '
               "organisations besides the case coordinator's")
    uncounted = [s for s in facts.scores if s.partners < needed]
    if not counted:
        nl, en = 'er is nog geen zo\'n evaluatie', 'there is no such review yet'
    else:
        latest = counted[-1]
        if latest.team_score < threshold:
            return (Reason('closing_scores_below_threshold',
                           f'{rule_nl}; de laatste is {latest.team_score} op {format_date(latest.on, "nl")}.',
                           f'{rule_en}; the latest is {latest.team_score} on {format_date(latest.on, "en")}.'),)
        holding = _since_at_threshold(counted, threshold)
        if len(holding) >= 2 and latest.on - holding[0].on >= gap:
            return ()
        earliest = holding[0].on + gap
        nl = (f'de score is {threshold} of hoger sinds {format_date(holding[0].on, "nl")}; de volgende evaluatie '
              f'die meetelt kan vanaf {format_date(earliest, "nl")}')
        en = (f'the score has been {threshold} or higher since {format_date(holding[0].on, "en")}; the next '
              f'review that counts can be held from {format_date(earliest, "en")}')
    if uncounted:
        days_nl = ', '.join(format_date(s.on, 'nl') for s in uncounted[-3:])
        days_en = ', '.join(format_date(s.on, 'en') for s in uncounted[-3:])
        nl += f' (niet meegeteld, te weinig partnerscores: {days_nl})'
        en += f' (not counted, too few partner scores: {days_en})'
    return (Reason('closing_scores_too_few', f'{rule_nl}; {nl}.', f'{rule_en}; {en}.'),)


def _since_at_threshold(scores, threshold: int) -> tuple:
    """The latest run of scores at or above ``threshold`` (oldest first)."""
    run = []
    for score in reversed(scores):
        if score.team_score < threshold:
            break
        run.append(score)
    return tuple(reversed(run))


def _days_nl(days: int) -> str:
    return f'{days // 7} weken' if days % 7 == 0 and days >= 14 else f'{days} dagen'


def _days_en(days: int) -> str:
    return f'{days // 7} weeks' if days % 7 == 0 and days >= 14 else f'{days} days'


# Tasks whose result is a record with its own form: the task is done by recording it there.
COMPLETED_BY_RECORD = {
    'trauma_screening': Reason('record_the_screening',
                               'Een traumascreening rondt u af door de screening vast te leggen.',
                               'A trauma screening is completed by recording the screening.'),
    'safety_review': Reason('hold_the_review',
                            'Een veiligheidsevaluatie rondt u af door de evaluatie met een teamscore af te '
                            'sluiten.',
                            'A safety review is completed by closing the review with a team score.'),
    'police_risk_assessment': Reason('record_the_rihg',
                                     'Een risicotaxatie van de politie rondt u af door de RiHG met zijn signalen '
                                     'vast te leggen in het dossier.',
                                     "A police risk assessment is completed by recording the RiHG with its "
                                     'signals in the dossier.'),
    'safety_plan_revision': Reason('revise_the_plan',
                                   'Deze taak rondt u af door het veiligheidsplan te heropenen of er een nieuwe '
                                   'versie van op te slaan.',
                                   'This task is completed by reopening the safety plan or saving a new '
                                   'version of it.'),
    'reopening_decision': Reason('record_the_decision',
                                 'Dit besluit rondt u af door het besluit over heropenen vast te leggen.',
                                 'This task is completed by recording the decision on reopening.'),
    'safety_score': Reason('give_the_score',
                           'Deze taak rondt u af door de veiligheidsscore van uw organisatie te geven in de evaluatie.',
                           "This task is completed by giving your organisation's safety score in the review."),
}


def completed_by_its_record(facts: TaskFacts) -> tuple[Reason, ...]:
    if facts.kind in COMPLETED_BY_RECORD and not facts.through_record:
        return (COMPLETED_BY_RECORD[facts.kind],)
    return ()


def application_complete(facts: ApplicationFacts) -> tuple[Reason, ...]:
    """A submitted application tells the triage meeting who, why, what for, and by which criteria."""
    missing = (
        (facts.persons == 0, Reason('no_person', 'Voeg minstens één persoon toe.', 'Add at least one person.')),
        (not facts.reason, Reason('no_reason', 'Beschrijf de reden van de aanmelding.',
                                  'Describe the reason for the application.')),
        (not facts.goal, Reason('no_goal', 'Beschrijf het doel van de aanmelding.',
                                'Describe the goal of the application.')),
        (facts.new_family and not facts.signal_date,
         Reason('no_signal_date', 'Vul de datum van het laatste incident of de laatste melding in.',
                'Enter the date of the latest incident or report.')),
        (facts.new_family and not facts.violence_type,
         Reason('no_violence_type', 'Kies het soort geweld.', 'Choose the type of violence.')),
        (facts.criteria == 0,
         Reason('no_criterion', 'Vink minstens één MDA++-criterium aan: een aanmelding zonder criterium kan '
                'niet worden ingediend.',
                'Tick at least one MDA++ criterion: an application without a criterion cannot be submitted.')),
        (facts.unexplained > 0, Reason('no_explanation', 'Licht kort toe waarom elk aangevinkt criterium geldt.',
                                       'Explain briefly why each ticked criterion applies.')),
    )
    return tuple(reason for failed, reason in missing if failed)


def for_a_new_family(facts: ApplicationFacts) -> tuple[Reason, ...]:
    """Only an application for a new family can join the dossier in which the family is known: one
    for an existing dossier already belongs to it."""
    if not facts.new_family:
        return (Reason('not_new_family', 'Deze aanmelding is al voor een bestaand dossier.',
                       'This application is already for an existing dossier.'),)
    return ()


def conference_day_reached(facts: ConferenceFacts) -> tuple[Reason, ...]:
    if facts.held_on > facts.today:
        return (Reason('conference_not_yet', 'Dit kan worden vastgelegd vanaf de dag van het casusoverleg.',
                       'This can be recorded from the day of the case conference.'),)
    return ()


def level_on_the_ladder(facts: EscalationFacts) -> tuple[Reason, ...]:
    """An escalation goes to a level of the region's ladder, and a rise to a higher one."""
    if facts.state != 'new' and facts.level >= facts.top:
        return (Reason('top_level', f'De escalatie ligt al op het hoogste niveau (niveau {facts.top}).',
                       f'The escalation is already at the highest level (level {facts.top}).'),)
    if not 1 <= facts.target <= facts.top:
        return (Reason('level_unknown', f'Kies een niveau van 1 tot en met {facts.top}.',
                       f'Choose a level from 1 to {facts.top}.'),)
    if facts.target <= facts.level:
        return (Reason('level_not_higher', f'Kies een hoger niveau dan het huidige (niveau {facts.level}).',
                       f'Choose a higher level than the current one (level {facts.level}).'),)
    return ()


def order_running(facts: RestrainingOrderFacts) -> tuple[Reason, ...]:
    if facts.ends_on < facts.today:
        return (Reason('order_ended', f'Het huisverbod is afgelopen op {format_date(facts.ends_on, "nl")}.',
                       f'The restraining order ended on {format_date(facts.ends_on, "en")}.'),)
    return ()


def order_extendable(facts: RestrainingOrderFacts) -> tuple[Reason, ...]:
    """An order is extended before it ends, to a later day at most 28 days after it was imposed."""
    reasons = order_running(facts)
    if reasons or facts.new_end is None:
        return reasons
    latest = latest_end(facts.imposed_on)
    if facts.new_end <= facts.ends_on:
        return (Reason('extension_not_later',
                       f'Een verlenging loopt tot na {format_date(facts.ends_on, "nl")}, de huidige einddatum.',
                       f'An extension runs beyond {format_date(facts.ends_on, "en")}, the current end date.'),)
    if facts.new_end > latest:
        return (Reason('extension_too_long',
                       f'Een huisverbod duurt ten hoogste {RESTRAINING_ORDER_MAX_DAYS} dagen: verlengen kan tot '
                       f'uiterlijk {format_date(latest, "nl")}.',
                       f'A restraining order lasts at most {RESTRAINING_ORDER_MAX_DAYS} days: it can be extended '
                       f'until {format_date(latest, "en")} at the latest.'),)
    return ()


GUARDS: dict[str, Guard] = {
    guard.__name__: guard for guard in (
        has_person_and_signal, assessment_unsafe, triage_accepted, team_of_two,
        safety_holder_accepted, safety_plan_agreed, safety_score_at_threshold,
        care_plan_covers_everyone, trauma_screening_complete, positive_screenings_treated,
        care_goals_evaluated, closing_scores, completed_by_its_record, application_complete,
        for_a_new_family, conference_day_reached, level_on_the_ladder, order_running, order_extendable,
        re_report_awaiting_decision, holder_can_hold, monitoring_agreement_complete,
    )
}

GUARD_DESCRIPTIONS: dict[str, Label] = {
    'order_running': Label('Het huisverbod loopt nog.', 'The restraining order is still running.'),
    'order_extendable': Label(
        f'Het huisverbod loopt nog en wordt verlengd tot een latere dag, ten hoogste {RESTRAINING_ORDER_MAX_DAYS} '
        'dagen na de dag van opleggen.',
        f'The restraining order is still running and is extended to a later day, at most '
        f'{RESTRAINING_ORDER_MAX_DAYS} days after the day it was imposed.'),
    'level_on_the_ladder': Label(
        'De escalatie gaat naar een niveau van de ladder van de regio; opschalen kan alleen naar een hoger niveau.',
        "The escalation goes to a level of the region's ladder; it can only move up to a higher level."),
    'application_complete': Label(
        'De aanmelding noemt personen, reden, doel en toegelichte criteria (en bij een nieuw gezin het laatste '
        'incident).',
        'The application names persons, reason, goal and explained criteria (and, for a new family, the latest '
        'incident).'),
    'for_a_new_family': Label(
        'De aanmelding is voor een nieuw gezin, dat al bekend blijkt in een dossier van de regio.',
        'The application is for a new family that turns out to be known in a dossier of the region.'),
    'conference_day_reached': Label(
        'De dag van het casusoverleg is aangebroken.', 'The day of the case conference has come.'),
    'has_person_and_signal': Label(
        'Er staat minstens één persoon en één signaal of melding in het dossier.',
        'The dossier holds at least one person and one signal or report.'),
    'assessment_unsafe': Label(
        'De veiligheidsbeoordeling stelt acute of structurele onveiligheid vast.',
        'The safety assessment finds acute or structural unsafety.'),
    'triage_accepted': Label(
        'Het triageoverleg heeft de aanmelding van het gezin voor MDA++ geaccepteerd (zonder '
        'aanmelding, of met een aanmelding die nog wacht of is afgewezen, begint fase 1 niet).',
        "The triage meeting accepted the family's application for MDA++ (without an application, "
        'or with one still waiting or not accepted, phase 1 does not start).'),
    'team_of_two': Label(
        'Minstens twee partnerorganisaties zijn actief in het multidisciplinaire team.',
        'At least two partner organisations are active on the multidisciplinary team.'),
    'safety_holder_accepted': Label(
        'Eén benoemde organisatie heeft zicht op veiligheid aanvaard, met een monitoringsafspraak (wat zij volgt, '
        'hoe vaak, tot wanneer) die nog loopt.',
        'One named organisation accepted zicht op veiligheid, with a monitoring agreement (what it watches, how '
        'often, until when) that still runs.'),
    're_report_awaiting_decision': Label(
        'Er is na de afsluiting een nieuwe melding binnengekomen waarover nog besloten moet worden.',
        'A new report came in after closure, and the decision on it is still to be taken.'),
    'holder_can_hold': Label(
        'De organisatie is een actieve partner in het team die zicht op veiligheid kan houden (Veilig Thuis, een '
        'lokaal team of een zorgaanbieder), en er loopt geen andere overdracht.',
        'The organisation is an active partner on the team that can keep zicht op veiligheid (Veilig Thuis, a '
        'local team or a care provider), and no other handover is under way.'),
    'monitoring_agreement_complete': Label(
        'De monitoringsafspraak zegt wat de organisatie volgt, hoe vaak, en tot een datum na vandaag.',
        'The monitoring agreement says what the organisation watches, how often, and until a date after today.'),
    'safety_plan_agreed': Label(
        'Elke partner in het team heeft de huidige versie van het veiligheidsplan bevestigd; na een terugval '
        'een versie die de casusregisseur sindsdien met het team heeft heropend of herzien.',
        'Every partner on the team has confirmed the current version of the safety plan; after a relapse, a '
        'version the case coordinator has reopened or revised with the team since.'),
    'safety_score_at_threshold': Label(
        'De laatste veiligheidsscore van het team haalt de drempel (standaard 6).',
        "The team's latest safety score reaches the threshold (default 6)."),
    'care_plan_covers_everyone': Label(
        'Er is een risicogestuurd zorgplan, met doelen tegen benoemde risicofactoren en een doel '
        'voor iedereen in het dossier.',
        'There is a risk-driven care plan, with goals against named risk factors and a goal for '
        'everyone in the dossier.'),
    'trauma_screening_complete': Label(
        'Elk slachtoffer, elke pleger en elk kind is op trauma gescreend, of heeft screening '
        'geweigerd met een vastgelegde reden.',
        'Every victim, perpetrator and child has been screened for trauma, or refused screening '
        'with a recorded reason.'),
    'positive_screenings_treated': Label(
        'Elke positieve traumascreening heeft een behandeltaak.',
        'Every positive trauma screening has a treatment task.'),
    'care_goals_evaluated': Label(
        'Alle doelen van het zorgplan zijn geëvalueerd.',
        'All goals of the care plan have been evaluated.'),
    'closing_scores': Label(
        'De teamscore haalt de afsluitdrempel (standaard 8) in minstens twee evaluaties die de ingestelde termijn '
        'van de regio (standaard 6 weken) uit elkaar liggen, zonder lagere score ertussen; alleen evaluaties met de '
        'scores van genoeg partnerorganisaties naast die van de casusregisseur (standaard 2) tellen mee.',
        "The team score reaches the closing threshold (default 8) in at least two reviews the region's interval "
        '(default 6 weeks) apart, with no lower score in between; only reviews with the scores of enough partner '
        "organisations besides the case coordinator's (default 2) count."),
    'completed_by_its_record': Label(
        'Een traumascreening, risicotaxatie van de politie, veiligheidsevaluatie, gevraagde veiligheidsscore of '
        'herziening van het veiligheidsplan is afgerond door de screening of de RiHG vast te leggen, de evaluatie met '
        'een teamscore af te sluiten, de score te geven of het plan te heropenen, niet los.',
        'A trauma screening, police risk assessment, safety review, requested safety score or safety plan '
        'revision is completed by recording the screening or the RiHG, closing the review with a team score, '
        'giving the score or reopening the plan, not on its own.'),
}


@dataclass(frozen=True)
class Action:
    """A step a user sees on a case: allowed, or blocked with the reasons why."""

    event: str
    label: Label
    dest: str
    allowed: bool
    reasons: tuple[Reason, ...]
    needs_reason: bool


def evaluate(spec: WorkflowSpec, event: str, facts: Any,
             *, state: Optional[str] = None) -> tuple[Reason, ...]:
    """Every reason the guards of `event` fail from `state` (default: the case's state), given
    the facts of `spec`'s rows (`CaseFacts` for a case, `TaskFacts` for a task)."""
    state = facts.state if state is None else state
    transition = spec.transition(event, state)
    if transition is None:
        return (_not_possible_in(spec, event, state),)
    return tuple(reason for name in transition.guards for reason in GUARDS[name](facts))


def permission_reasons(transition: TransitionSpec, role: str,
                       org_kind: Optional[str]) -> tuple[Reason, ...]:
    """Why a user with `role` from an organisation of `org_kind` may not fire `transition`."""
    reasons = []
    if role not in transition.roles:
        roles = [USER_ROLES[r] for r in USER_ROLES if r in transition.roles]
        reasons.append(Reason(
            'role_not_permitted',
            f'Alleen een {" of een ".join(r.nl for r in roles) or "bevoegde gebruiker"} '
            'mag deze stap zetten.',
            f'Only a {" or a ".join(r.en for r in roles) or "authorised user"} '
            'may take this step.'))
    if transition.org_kinds is not None and org_kind not in transition.org_kinds:
        kinds = [ORG_KINDS[k] for k in ORG_KINDS if k in transition.org_kinds]
        reasons.append(Reason(
            'organisation_not_permitted',
            f'Alleen een medewerker van {" of ".join(k.nl for k in kinds)} mag deze stap zetten.',
            f'Only staff of {" or ".join(k.en for k in kinds)} may take this step.'))
    return tuple(reasons)


def available_actions(spec: WorkflowSpec, facts: CaseFacts, role: str, org_kind: Optional[str],
                      *, state: Optional[str] = None) -> list[Action]:
    """Every step out of `state` (default: the case's state), allowed or with its reasons."""
    state = facts.state if state is None else state
    actions = []
    for transition in spec.transitions_from(state):
        reasons = (permission_reasons(transition, role, org_kind)
                   + evaluate(spec, transition.event, facts, state=state))
        actions.append(Action(transition.event, transition.label, transition.dest,
                              not reasons, reasons, transition.needs_reason))
    return actions


def _not_possible_in(spec: WorkflowSpec, event: str, state: str) -> Reason:
    labels = [t.label for t in spec.transitions if t.event == event]
    here = spec.state(state).label
    if not labels:
        return Reason('unknown_event', f'Onbekende stap: {event}.', f'Unknown step: {event}.')
    return Reason('not_possible_in_state',
                  f'"{labels[0].nl}" kan niet vanuit "{here.nl}".',
                  f'"{labels[0].en}" is not possible from "{here.en}".')
