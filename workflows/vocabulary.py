"""The words of the domain: who acts, which organisations take part, who is in a dossier.

Each vocabulary is a mapping from the code identifier to its Dutch and English label, so the
web layer, the guards and the diagrams all speak the same language. The codes are the values the
database allows (its check constraints take them from here). A label is written as it reads inside
a sentence ("Alleen een casusregisseur ..."); a page that shows it on its own starts it with a
capital.
"""
from .text import Label

USER_ROLES = {
    'coordinator': Label('casusregisseur', 'case coordinator'),
    'professional': Label('professional', 'professional'),
    'steering': Label('lid van de regionale stuurgroep', 'member of the regional steering group'),
    'admin': Label('beheerder', 'administrator'),
    'team_lead': Label('teamleider', 'team lead'),
}

ORG_KINDS = {
    'vt': Label('Veilig Thuis', 'Veilig Thuis (Safe at Home)'),
    'local_team': Label('lokaal (wijk)team', 'local (district) team'),
    'police': Label('politie', 'police'),
    'zvh': Label('Zorg- en Veiligheidshuis', 'Care and Safety House'),
    'om': Label('Openbaar Ministerie', 'Public Prosecution Service'),
    'rvdk': Label('Raad voor de Kinderbescherming', 'Child Protection Board'),
    'probation': Label('reclassering', 'probation service'),
    'care': Label('zorgaanbieder (GGZ, jeugdhulp)', 'care provider (mental health, youth care)'),
    'shelter': Label('opvang', 'shelter'),
    'school': Label('school of kinderopvang', 'school or childcare'),
    'steering': Label('regionale stuurgroep', 'regional steering group'),
}

# Partners of these kinds take part in a case without sharing its plans: the school only learns
# *that* something happened, and the steering group only sees escalations.
NON_PLAN_ORG_KINDS = frozenset({'school', 'steering'})

# Who can hold *zicht op veiligheid* after closure or a handover outside MDA++: Veilig Thuis (its
# long-term safety monitoring), a local team, or a care provider already involved. The police,
# the prosecutor, the Child Protection Board, probation, the shelter, the Zorg- en Veiligheidshuis,
# a school and the steering group do not keep that watch.
SAFETY_HOLDER_KINDS = frozenset({'vt', 'local_team', 'care'})

# How often the holder looks at the family's safety, in the monitoring agreement.
MONITORING_FREQUENCIES: dict[str, Label] = {
    'weekly': Label('elke week', 'every week'),
    'fortnightly': Label('elke twee weken', 'every two weeks'),
    'monthly': Label('elke maand', 'every month'),
    'quarterly': Label('elk kwartaal', 'every quarter'),
}

PERSON_ROLES = {
    'victim': Label('slachtoffer', 'victim'),
    'perpetrator': Label('pleger', 'perpetrator'),
    'child': Label('kind', 'child'),
    'household': Label('huisgenoot', 'household member'),
    'network': Label('netwerklid', 'network member'),
}

# Who reported a signal.
REPORTER_KINDS = {
    'professional': Label('professional', 'professional'),
    'police': Label('politie', 'police'),
    'citizen': Label('burger', 'citizen'),
    'self': Label('de persoon zelf', 'the person themselves'),
}

VIOLENCE_TYPES = {
    'physical': Label('lichamelijk geweld', 'physical violence'),
    'psychological': Label('psychisch geweld', 'psychological violence'),
    'sexual': Label('seksueel geweld', 'sexual violence'),
    'neglect': Label('verwaarlozing', 'neglect'),
    'witnessing': Label('kind getuige van geweld', 'child witnessing violence'),
    'honour_related': Label('eergerelateerd geweld', 'honour-related violence'),
    'elder_abuse': Label('ouderenmishandeling', 'elder abuse'),
    'stalking': Label('stalking', 'stalking'),
    'financial': Label('financieel misbruik', 'financial abuse'),
}

# The part a partner plays on a dossier's team.
TEAM_ROLES = {
    'lead': Label('casusregie', 'case coordination'),
    'safety': Label('veiligheid', 'safety'),
    'care': Label('zorg en behandeling', 'care and treatment'),
    'justice': Label('justitie', 'justice'),
    'support': Label('ondersteuning', 'support'),
    'process': Label('procesregie', 'process coordination'),
}

# Why a partner may share a family's data on the team.
LEGAL_BASES = {
    'consent': Label('toestemming van de betrokkenen', 'consent of the persons involved'),
    'meldcode': Label('Meldcode (Wet verplichte meldcode)', 'Reporting code (Wet verplichte meldcode)'),
    'wmo': Label('Wet maatschappelijke ondersteuning (Wmo 2015)', 'Social Support Act (Wmo 2015)'),
    'youth_act': Label('Jeugdwet', 'Youth Act (Jeugdwet)'),
    'vital_interest': Label('vitaal belang / gevaar voor de veiligheid', 'vital interest / danger to safety'),
    'court_order': Label('rechterlijke uitspraak of wettelijke maatregel', 'court order or legal measure'),
}

ASSESSMENT_OUTCOMES = {
    'acute': Label('acuut onveilig', 'acutely unsafe'),
    'structural': Label('structureel onveilig', 'structurally unsafe'),
    'none': Label('geen acute of structurele onveiligheid', 'no acute or structural unsafety'),
}

ASSESSMENT_ROUTES = {
    'mda_plus': Label('MDA++', 'MDA++'),
    'handover': Label('overdracht aan lokaal team of betrokken hulp',
                      'handover to the local team or help already involved'),
    'conditions': Label('Voorwaarden & Vervolg', 'conditions and follow-up'),
    'investigation': Label('onderzoek door Veilig Thuis', 'investigation by Veilig Thuis'),
    'child_protection': Label('verzoek aan de Raad voor de Kinderbescherming',
                              'request to the Child Protection Board'),
    'ended': Label('bemoeienis beëindigd', 'involvement ended'),
}

SCREENING_STATUSES = {
    'open': Label('open', 'open'),
    'done': Label('uitgevoerd', 'done'),
    'refused': Label('geweigerd', 'refused'),
    'postponed': Label('uitgesteld', 'postponed'),
}

GOAL_KINDS = {
    'risk': Label('risicogestuurd', 'risk-driven'),
    'recovery': Label('herstelgericht', 'recovery-oriented'),
}

# For whom a care-plan goal is: one person, two persons of the dossier together (the parents, a
# parent and a child), or the family as a whole (systemic, *systeemgericht*).
GOAL_SCOPES = {
    'person': Label('één persoon', 'one person'),
    'pair': Label('twee personen samen (bijvoorbeeld de ouders, of een ouder en een kind)',
                  'two persons together (for example the parents, or a parent and a child)'),
    'family': Label('het gezin als geheel', 'the family as a whole'),
}

TASK_KINDS = {
    'safety_assessment': Label('Veiligheidsbeoordeling', 'Safety assessment'),
    'investigation': Label('Onderzoek Veilig Thuis', 'Veilig Thuis investigation'),
    'safety_plan_contribution': Label('Bijdrage aan het veiligheidsplan',
                                      'Safety plan contribution'),
    'police_risk_assessment': Label('Risicotaxatie politie (RiHG)',
                                    'Police risk assessment (RiHG)'),
    'restraining_order': Label('Tijdelijk huisverbod', 'Temporary restraining order'),
    'school_signal': Label('Handle with Care-signaal aan school',
                           'Handle with Care signal to school'),
    'trauma_screening': Label('Traumascreening', 'Trauma screening'),
    'treatment': Label('Behandeling', 'Treatment'),
    'care_intervention': Label('Interventie uit het zorgplan', 'Care plan intervention'),
    'safety_review': Label('Evaluatie veiligheidsscore', 'Safety score review'),
    'safety_score': Label('Veiligheidsscore geven', 'Safety score to give'),
    'safety_agreement': Label('Veiligheidsafspraak', 'Safety agreement'),
    'safety_plan_revision': Label('Veiligheidsplan herzien na een terugval',
                                  'Safety plan revision after a relapse'),
    'reopening_decision': Label('Besluit over heropenen na een nieuwe melding',
                                'Decision on reopening after a new report'),
    'other': Label('Overig', 'Other'),
}
