"""What the system tells people about: the kinds of inbox item and whether each is urgent.

An urgent kind goes out by e-mail at once by default; the others wait for the daily digest. A mail
never says more than that there is something to do in MDA++, with a link: e-mail is not a safe
channel for anything about a family.
"""
from dataclasses import dataclass

from .text import Label

__all__ = ['DEFAULT_DIGEST_TIME', 'DELIVERIES', 'MAIL_BODY', 'MAIL_SUBJECT', 'NOTIFICATION_KINDS', 'NotificationKind',
           'default_delivery']


@dataclass(frozen=True)
class NotificationKind:
    label: Label
    urgent: bool = False


NOTIFICATION_KINDS = {
    'task_assigned': NotificationKind(Label('Nieuwe taak voor uw organisatie', 'New task for your organisation')),
    'task_handed_over': NotificationKind(Label('Taak aan uw organisatie overgedragen',
                                               'Task handed over to your organisation')),
    'task_due_tomorrow': NotificationKind(Label('Taak verloopt morgen', 'Task due tomorrow')),
    'task_overdue': NotificationKind(Label('Taak over de termijn', 'Task overdue')),
    'task_declined': NotificationKind(Label('Taak afgewezen', 'Task declined')),
    'team_invitation': NotificationKind(Label('Uitnodiging voor een team', 'Invitation to a team')),
    'conference_invitation': NotificationKind(Label('Uitnodiging voor een casusoverleg',
                                                    'Invitation to a case conference')),
    'score_requested': NotificationKind(Label('Veiligheidsscore gevraagd', 'Safety score asked')),
    'relapse': NotificationKind(Label('Terugval: de casus is terug in fase 1', 'Relapse: the case is back in phase 1')),
    'new_signal': NotificationKind(Label('Nieuw signaal in een dossier', 'New signal in a dossier')),
    'acute_signal': NotificationKind(Label('Acuut signaal in een dossier', 'Acute signal in a dossier'), urgent=True),
    'school_signal': NotificationKind(Label('Handle with Care: signaal voor de school',
                                            'Handle with Care: signal for the school'), urgent=True),
    'escalation': NotificationKind(Label('Escalatie voor u', 'Escalation for you'), urgent=True),
    'steering_decision': NotificationKind(Label('Besluit van de stuurgroep', 'Decision of the steering group')),
    'case_escalated': NotificationKind(Label('Uw casus is geëscaleerd', 'Your case has been escalated')),
    'escalation_resolved': NotificationKind(Label('Besluit over een escalatie', 'Decision on an escalation')),
    'school_signal_unconfirmed': NotificationKind(
        Label('Handle with Care: de school is begonnen zonder dat de school het signaal bevestigde',
              'Handle with Care: school has started without the school confirming the signal'), urgent=True),
    'reporter_feedback': NotificationKind(Label('Terugkoppeling op uw melding', 'Feedback on your report')),
    'handover_proposed': NotificationKind(Label('Zicht op veiligheid aan uw organisatie overgedragen: aanvaarden?',
                                                'Zicht op veiligheid handed over to your organisation: accept?')),
    'handover_answered': NotificationKind(Label('Antwoord op de overdracht van zicht op veiligheid',
                                                'Answer to the handover of zicht op veiligheid')),
    'cases_handed_over': NotificationKind(Label('Dossiers aan u overgedragen als casusregisseur',
                                                'Dossiers handed to you as their case coordinator'), urgent=True),
    're_report': NotificationKind(Label('Nieuwe melding na afsluiting: besluit over heropenen',
                                        'New report after closure: decide on reopening'), urgent=True),
}

# How a user may receive each kind: in the app only, by e-mail at once, or in the daily digest.
DELIVERIES = {
    'app': Label('Alleen in MDA++', 'In MDA++ only'),
    'now': Label('Direct per e-mail', 'By e-mail at once'),
    'digest': Label('In de dagelijkse samenvatting per e-mail', 'In the daily e-mail digest'),
}
# When the region sets no other time, the digest goes out at 07:30 Dutch time.
DEFAULT_DIGEST_TIME = (7, 30)
# The whole of every mail: e-mail is not a safe channel, so it says that there is something and
# where, never what or about whom.
MAIL_SUBJECT = Label('Er staat iets voor u klaar in MDA++', 'There is something for you in MDA++')
MAIL_BODY = Label('Er staat iets voor u klaar in MDA++. Log in om het te bekijken:',
                  'There is something for you in MDA++. Log in to see it:')


def default_delivery(kind: str) -> str:
    """An urgent kind goes out at once; the others wait for the daily digest."""
    return 'now' if NOTIFICATION_KINDS[kind].urgent else 'digest'
