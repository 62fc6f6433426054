"""Demo families for the MDA++ demo region ("Regio Voorbeeld").

Fourteen fictional but realistic families, as plain Python data, that ``mda.demo.region`` turns into
dossiers. Every person, situation and text is invented; any likeness to real people is accidental.
The texts are Dutch (the UI language), factual and non-sensational, and use *pleger* rather than
*dader*. Together the families cover every case state, both demo case coordinators, and the
situations typical for MDA++ (repeated partner violence witnessed by children, stalking by an
ex-partner, addiction and debts, psychiatric problems, a perpetrator under probation supervision,
elder abuse by an adult son, honour-related threat, neglect by an overburdened mother with an
intellectual disability, a teenager violent towards his mother, a family that moved between
municipalities).

Dates are relative to the day the demo is built: ``born_years_ago`` / ``born_day_of_year`` for
persons and ``days_ago`` for signals and notes. Each family is a dict::

    reference     unique family reference ("Gezin <surname(s)>")
    coordinator   demo username of the case coordinator: "regisseur" (Wijkteam Voorbeeld-Noord)
                  or "wijkteam" (Wijkteam Voorbeeld-Zuid)
    state         case state (registered ... closed, handed_over)
    summary       the biggest worry, 1-3 Dutch sentences
    persons       [{name, role, born_years_ago, born_day_of_year, school?}]; ``school`` marks a
                  child of 4-12 at the demo primary school "Basisschool De Regenboog"
    signals       [{days_ago, reporter_kind, reporter, violence_type, acute, police_callout, at?,
                  description}], oldest first; ``reporter`` is the demo username of the reporting
                  organisation, or None for citizens and the person themselves; ``at`` is the time
                  of day ("22:40") of a police call-out
    team          [{org, team_role, legal_basis}]: partner organisations besides the coordinator's
                  own team (which is added automatically as lead)
    notes         [{author, kind, person, days_ago, body, health?}]; ``person`` indexes ``persons`` or
                  is None for the whole family; ``author`` is the coordinator or a team member;
                  ``health`` marks a note as health information (coordinator and care partners only)
    plan_agreements  optional [{description, org, days, not_for}]: safety agreements of this
                  family in the first version of its plan, carried by the team partner ``org`` by
                  ``days`` after it; ``not_for`` indexes ``persons`` whose family version of the
                  plan leaves the agreement out (a victim's safe address never reaches the
                  perpetrator)
    mda_after_signal  optional index into ``signals``: Veilig Thuis applied for MDA++ after this
                  signal (default: the last one). Earlier signals came in while Veilig Thuis
                  followed the family (Voorwaarden & Vervolg); later ones came in during MDA++,
                  each a relapse to phase 1
    peak          optional: the furthest phase reached before the last relapse (default: state)
    risk_assessments  optional [{instrument, author, days_ago, level, answers, outcome}]: risk
                  assessments a team partner recorded on that day (``answers`` as in
                  ``workflows.RISK_INSTRUMENTS``)
    systemic_goals  optional [{scope, persons, kind, risk_factor?, description, evaluate_in_days,
                  intervention?}]: care-plan goals for a pair (``persons`` indexes two ``persons``) or
                  the family as a whole, set with the care plan, with an intervention ({org,
                  description}) by a team partner

A police call-out signal may carry ``rihg`` ({level, answers, outcome}: the RiHG the police recorded
that day) and ``order`` ({person, imposed, result, extended_after?, extended_to?, extension?}: the
decision on the temporary restraining order it pointed to; an imposed one extended
``extended_after`` days later to ``extended_to`` days in total).

``check()`` verifies the rules the demo and its tests rely on (unique names, vocabularies, team
composition, person indices).
"""
from mda.dossiers.models import (CASE_STATES, LEGAL_BASES, NOTE_KINDS, PERSON_ROLES, REPORTER_KINDS, TEAM_ROLES,
                                 VIOLENCE_TYPES)
from workflows import RISK_INSTRUMENTS, RISK_LEVELS

FAMILIES: list[dict] = [
    # ------------------------------------------------------------------ Wijkteam Voorbeeld-Noord
    {
        "reference": "Gezin Bakker-Yilmaz",
        "mda_after_signal": 2,
        "coordinator": "regisseur",
        "state": "safety",
        "summary": (
            "Herhaald fysiek partnergeweld tussen de ouders, waarbij Daan en Lina getuige zijn. "
            "Na de laatste politie-inzet is een tijdelijk huisverbod opgelegd; de grootste zorg is "
            "dat het geweld terugkeert wanneer vader weer thuis komt wonen."
        ),
        "persons": [
            {"name": "Sanne Bakker", "role": "victim", "born_years_ago": 34, "born_day_of_year": 112},
            {"name": "Emre Yilmaz", "role": "perpetrator", "born_years_ago": 37,
             "born_day_of_year": 201},
            {"name": "Daan Bakker", "role": "child", "born_years_ago": 9, "born_day_of_year": 40,
             "school": True},
            {"name": "Lina Yilmaz", "role": "child", "born_years_ago": 6, "born_day_of_year": 288,
             "school": True},
            {"name": "Ria Bakker", "role": "network", "born_years_ago": 63, "born_day_of_year": 77},
        ],
        "signals": [
            {"days_ago": 210, "reporter_kind": "citizen", "reporter": None,
             "violence_type": "psychological", "acute": False, "police_callout": False,
             "description": "Een buurvrouw meldt bij Veilig Thuis dat zij regelmatig hard geschreeuw "
                            "en huilende kinderen hoort in de woning."},
            {"days_ago": 120, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "23:15",
             "description": "Politie ingezet na een melding van een ruzie; moeder had zichtbaar letsel "
                            "aan haar arm. De kinderen waren thuis en hebben het incident gehoord."},
            {"days_ago": 45, "reporter_kind": "professional", "reporter": "regisseur",
             "violence_type": "witnessing", "acute": False, "police_callout": False,
             "description": "De intern begeleider van de school meldt aan het wijkteam dat Daan sinds "
                            "enkele weken stil en teruggetrokken is en moeite heeft zich te concentreren."},
            {"days_ago": 20, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "22:40",
             "description": "Nieuw incident nadat vader alcohol had gedronken. De politie heeft de RiHG "
                            "afgenomen; de burgemeester heeft een tijdelijk huisverbod van tien dagen "
                            "opgelegd. Handle with Care-signaal naar de school verstuurd.",
             "rihg": {"level": "high",
                      "answers": {"perpetrator_red": 2, "perpetrator_blue": 3, "perpetrator_yellow": 2,
                                  "incident_red": 1, "incident_blue": 3, "incident_yellow": 2,
                                  "family_blue": 3, "family_yellow": 4},
                      "outcome": "Twee rode signalen bij de pleger (alcoholgebruik, eerder geweld) en één in het "
                                 "verloop van het incident. Hoog risico op herhaling; de RiHG wijst op een "
                                 "tijdelijk huisverbod."},
             "order": {"person": 1, "imposed": True, "extended_after": 8, "extended_to": 28,
                       "result": "De burgemeester heeft het huisverbod opgelegd; meneer verblijft bij zijn broer.",
                       "extension": "De burgemeester heeft het huisverbod verlengd tot 28 dagen in totaal."}},
        ],
        "team": [
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "meldcode"},
            {"org": "politie", "team_role": "justice", "legal_basis": "vital_interest"},
            {"org": "ggz", "team_role": "care", "legal_basis": "consent"},
            {"org": "opvang", "team_role": "support", "legal_basis": "consent"},
        ],
        "notes": [
            {"author": "politie", "kind": "fact", "person": 1, "days_ago": 19,
             "body": "RiHG afgenomen op de dag van het incident: twee rode signalen in hetzelfde deel. "
                     "Huisverbod opgelegd voor tien dagen; meneer verblijft bij zijn broer."},
            {"author": "veiligthuis", "kind": "opinion", "person": None, "days_ago": 15,
             "body": "Het geweld is structureel: vier meldingen in zeven maanden, met toenemende ernst. "
                     "De kinderen lopen risico op schade door het getuige zijn van geweld; MDA++ is "
                     "passend."},
            {"author": "ggz", "kind": "family_view", "person": 1, "days_ago": 10,
             "body": "Meneer geeft in het intakegesprek aan dat hij zijn drankgebruik wil minderen. Hij "
                     "herkent zich niet in het beeld van structureel geweld en noemt de incidenten "
                     "'uit de hand gelopen ruzies'."},
            {"author": "regisseur", "kind": "family_view", "person": 2, "days_ago": 7,
             "body": "Daan vertelt dat hij 's nachts wakker ligt van geluiden beneden. Hij wil dat "
                     "papa en mama 'gewoon normaal doen' en hij wil zijn vader wel blijven zien."},
        ],
    },
    {
        "reference": "Gezin Kowalski",
        "mda_after_signal": 1,
        "coordinator": "regisseur",
        "state": "risk_care",
        "summary": (
            "Vader heeft een ernstig alcoholprobleem en het gezin heeft problematische schulden. "
            "Onder invloed is hij herhaaldelijk fysiek en verbaal agressief naar moeder; Julia (14) "
            "neemt veel zorg voor haar broertje op zich."
        ),
        "persons": [
            {"name": "Tomasz Kowalski", "role": "perpetrator", "born_years_ago": 42,
             "born_day_of_year": 54},
            {"name": "Katarzyna Kowalska", "role": "victim", "born_years_ago": 39,
             "born_day_of_year": 190},
            {"name": "Julia Kowalska", "role": "child", "born_years_ago": 14, "born_day_of_year": 233},
            {"name": "Kacper Kowalski", "role": "child", "born_years_ago": 10, "born_day_of_year": 15,
             "school": True},
            {"name": "Ewa Zielińska", "role": "network", "born_years_ago": 44, "born_day_of_year": 301},
        ],
        "signals": [
            {"days_ago": 400, "reporter_kind": "professional", "reporter": "regisseur",
             "violence_type": "psychological", "acute": False, "police_callout": False,
             "description": "De schuldhulpverlener van het wijkteam signaleert een dreigende "
                            "uithuiszetting wegens huurachterstand. Moeder vertelt over verbale agressie "
                            "van haar partner als hij gedronken heeft."},
            {"days_ago": 300, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "21:05",
             "description": "Politie ingezet na een melding van huiselijk geweld; vader was onder "
                            "invloed en heeft moeder geduwd. Vader is aangehouden."},
            {"days_ago": 180, "reporter_kind": "self", "reporter": None,
             "violence_type": "physical", "acute": False, "police_callout": False,
             "description": "Moeder belt zelf Veilig Thuis: haar partner heeft na een avond drinken een "
                            "deur ingetrapt. De kinderen waren thuis."},
        ],
        "team": [
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "meldcode"},
            {"org": "ggz", "team_role": "care", "legal_basis": "consent"},
            {"org": "reclassering", "team_role": "justice", "legal_basis": "court_order"},
        ],
        "notes": [
            {"author": "reclassering", "kind": "fact", "person": 0, "days_ago": 60,
             "body": "Meneer staat onder toezicht met bijzondere voorwaarden: meewerken aan "
                     "verslavingszorg en een alcoholverbod met controles. De afgelopen zes weken zijn "
                     "alle controles negatief geweest."},
            {"author": "ggz", "health": True, "kind": "opinion", "person": 0, "days_ago": 40,
             "body": "Meneer komt zijn afspraken in de ambulante verslavingsbehandeling na. De "
                     "motivatie lijkt vooral extern (de voorwaarden); het risico op terugval blijft "
                     "groot bij financiële stress."},
            {"author": "regisseur", "kind": "fact", "person": None, "days_ago": 30,
             "body": "De gemeente heeft een schuldregeling toegekend. De huurachterstand is met de "
                     "verhuurder geregeld; de uithuiszetting is van de baan."},
            {"author": "regisseur", "kind": "family_view", "person": 2, "days_ago": 21,
             "body": "Julia geeft aan dat het thuis rustiger is, maar dat zij het moeilijk vindt om "
                     "'niet meer op te letten'. Zij wil een eigen hulpverlener met wie zij kan praten, "
                     "los van haar ouders."},
        ],
    },
    {
        "reference": "Gezin El Idrissi",
        "mda_after_signal": 1,
        "coordinator": "regisseur",
        "state": "safety",
        "summary": (
            "Yasmina (17) wordt door haar vader en oudere broer bedreigd sinds haar relatie in de "
            "familie bekend werd. Er zijn aanwijzingen voor eergerelateerd geweld; de grootste zorg "
            "is dat zij tegen haar wil naar het buitenland wordt gebracht."
        ),
        "persons": [
            {"name": "Yasmina El Idrissi", "role": "victim", "born_years_ago": 17,
             "born_day_of_year": 300},
            {"name": "Rachid El Idrissi", "role": "perpetrator", "born_years_ago": 51,
             "born_day_of_year": 88},
            {"name": "Bilal El Idrissi", "role": "perpetrator", "born_years_ago": 23,
             "born_day_of_year": 162},
            {"name": "Fatima El Idrissi", "role": "household", "born_years_ago": 47,
             "born_day_of_year": 19},
            {"name": "Amine El Idrissi", "role": "child", "born_years_ago": 10, "born_day_of_year": 245,
             "school": True},
            {"name": "Naima Ouali", "role": "network", "born_years_ago": 39, "born_day_of_year": 130},
        ],
        "signals": [
            {"days_ago": 35, "reporter_kind": "professional", "reporter": "regisseur",
             "violence_type": "honour_related", "acute": False, "police_callout": False,
             "description": "De mentor van Yasmina's mbo-opleiding meldt via het wijkteam dat zij bang "
                            "is om naar huis te gaan en vertelt over bedreigingen door haar broer."},
            {"days_ago": 28, "reporter_kind": "self", "reporter": None,
             "violence_type": "honour_related", "acute": True, "police_callout": True, "at": "19:50",
             "description": "Yasmina belt zelf de politie nadat haar telefoon is afgepakt en haar is "
                            "gezegd dat zij 'de familie te schande maakt'. Zij verblijft sindsdien in de "
                            "opvang."},
            {"days_ago": 14, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "stalking", "acute": False, "police_callout": False,
             "description": "Broer is gezien in de buurt van Yasmina's opleiding en probeert via haar "
                            "vrienden te achterhalen waar zij verblijft."},
        ],
        "team": [
            {"org": "politie", "team_role": "safety", "legal_basis": "vital_interest"},
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "meldcode"},
            {"org": "zvh", "team_role": "process", "legal_basis": "consent"},
            {"org": "opvang", "team_role": "support", "legal_basis": "vital_interest"},
        ],
        "notes": [
            {"author": "politie", "kind": "opinion", "person": 0, "days_ago": 25,
             "body": "Na consultatie van het Landelijk Expertise Centrum Eergerelateerd Geweld wordt de "
                     "dreiging als hoog ingeschat. Er zijn beschermende maatregelen getroffen; haar "
                     "verblijfplaats wordt niet gedeeld."},
            {"author": "regisseur", "kind": "family_view", "person": 0, "days_ago": 20,
             "body": "Yasmina geeft aan dat zij contact wil houden met haar moeder en haar broertje "
                     "Amine, maar niet wil dat haar verblijfplaats bekend wordt. Zij wil haar opleiding "
                     "afmaken."},
            {"author": "politie", "kind": "fact", "person": 2, "days_ago": 13,
             "body": "Broer is aangesproken in een stopgesprek over het benaderen van Yasmina via haar "
                     "vrienden en is gewezen op de mogelijke strafrechtelijke gevolgen."},
            {"author": "veiligthuis", "kind": "family_view", "person": 3, "days_ago": 10,
             "body": "Moeder geeft aan dat de familie zich zorgen maakt om Yasmina en dat er 'niets aan "
                     "de hand is'. Zij ontkent dat er plannen zijn voor een reis naar het buitenland."},
        ],
    },
    {
        "reference": "Gezin Pinas",
        "coordinator": "regisseur",
        "state": "recovery",
        "summary": (
            "Jaydon (16) was ruim een jaar herhaaldelijk fysiek agressief naar zijn moeder bij "
            "conflicten over regels en schoolverzuim. Moeder voelde zich machteloos en Kayla was bang "
            "voor haar broer; sinds de behandeling zijn er geen incidenten meer geweest."
        ),
        "persons": [
            {"name": "Marsha Pinas", "role": "victim", "born_years_ago": 44, "born_day_of_year": 207},
            {"name": "Jaydon Pinas", "role": "perpetrator", "born_years_ago": 16,
             "born_day_of_year": 61},
            {"name": "Kayla Pinas", "role": "child", "born_years_ago": 11, "born_day_of_year": 350,
             "school": True},
            {"name": "Hortence Lieveld", "role": "network", "born_years_ago": 68,
             "born_day_of_year": 276},
        ],
        "signals": [
            {"days_ago": 330, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "01:30",
             "description": "Politie ingezet nadat Jaydon bij een ruzie zijn moeder heeft geduwd en een "
                            "deur heeft vernield. Kayla was thuis."},
            {"days_ago": 260, "reporter_kind": "self", "reporter": None,
             "violence_type": "psychological", "acute": False, "police_callout": False,
             "description": "Moeder meldt zelf bij het wijkteam dat zij zich in huis niet meer veilig "
                            "voelt bij haar zoon en vraagt om hulp."},
            {"days_ago": 220, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "22:10",
             "description": "Opnieuw politie-inzet na een conflict over zakgeld; moeder had een blauwe "
                            "plek op haar arm. Jaydon is tijdelijk bij zijn oma opgevangen."},
        ],
        "team": [
            {"org": "ggz", "team_role": "care", "legal_basis": "youth_act"},
            {"org": "politie", "team_role": "justice", "legal_basis": "consent"},
            {"org": "zvh", "team_role": "process", "legal_basis": "consent"},
        ],
        "notes": [
            {"author": "ggz", "health": True, "kind": "fact", "person": 1, "days_ago": 90,
             "body": "Jaydon en moeder hebben multisysteemtherapie (MST) afgerond; Jaydon was aanwezig "
                     "bij 14 van de 16 sessies."},
            {"author": "regisseur", "kind": "family_view", "person": 1, "days_ago": 60,
             "body": "Jaydon geeft aan dat hij zich vaak niet gehoord voelde en dat hij nu beter merkt "
                     "wanneer hij boos wordt. Hij wil dat zijn moeder ook zijn kant van het verhaal "
                     "hoort."},
            {"author": "politie", "kind": "fact", "person": None, "days_ago": 50,
             "body": "Geen nieuwe meldingen of politie-inzet op het adres in de afgelopen vijf maanden."},
            {"author": "ggz", "health": True, "kind": "opinion", "person": 2, "days_ago": 30,
             "body": "De traumascreening bij Kayla wijst op verhoogde klachten; zij is gestart met "
                     "traumabehandeling. Moeder steunt dit en gaat mee naar de ouderbegeleiding."},
        ],
    },
    {
        "reference": "Gezin Martina",
        "mda_after_signal": 2,
        "coordinator": "regisseur",
        "state": "risk_care",
        "summary": (
            "Sinds de scheiding, ruim een jaar geleden, blijft de ex-partner moeder lastigvallen met "
            "berichten en bij haar woning. Er geldt een contactverbod als bijzondere voorwaarde; de "
            "grootste zorg is escalatie rond de omgang met de kinderen."
        ),
        "persons": [
            {"name": "Shirley Martina", "role": "victim", "born_years_ago": 32, "born_day_of_year": 96},
            {"name": "Rignald Girigorie", "role": "perpetrator", "born_years_ago": 36,
             "born_day_of_year": 222},
            {"name": "Quincy Girigorie", "role": "child", "born_years_ago": 7, "born_day_of_year": 140,
             "school": True},
            {"name": "Naomi Girigorie", "role": "child", "born_years_ago": 4, "born_day_of_year": 30,
             "school": True},
            {"name": "Edith Martina", "role": "network", "born_years_ago": 58, "born_day_of_year": 185},
        ],
        "signals": [
            {"days_ago": 420, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "18:20",
             "description": "Politie-inzet tijdens de scheiding: meneer heeft mevrouw fysiek aangevallen "
                            "toen zij spullen ophaalde. Mevrouw heeft aangifte gedaan."},
            {"days_ago": 300, "reporter_kind": "self", "reporter": None,
             "violence_type": "stalking", "acute": False, "police_callout": False,
             "description": "Mevrouw meldt dat zij dagelijks tientallen berichten van haar ex-partner "
                            "ontvangt en dat hij regelmatig bij haar woning staat."},
            {"days_ago": 200, "reporter_kind": "professional", "reporter": "reclassering",
             "violence_type": "stalking", "acute": False, "police_callout": False,
             "description": "De reclassering meldt een overtreding van het contactverbod: meneer heeft "
                            "mevrouw aangesproken bij de school van de kinderen."},
            {"days_ago": 95, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "stalking", "acute": True, "police_callout": True, "at": "02:45",
             "description": "Meneer stond 's avonds voor de deur en weigerde te vertrekken. Politie ter "
                            "plaatse; meneer is aangehouden wegens overtreding van het contactverbod."},
        ],
        "team": [
            {"org": "reclassering", "team_role": "justice", "legal_basis": "court_order"},
            {"org": "politie", "team_role": "safety", "legal_basis": "vital_interest"},
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "meldcode"},
            {"org": "zvh", "team_role": "process", "legal_basis": "consent"},
            {"org": "opvang", "team_role": "support", "legal_basis": "consent"},
        ],
        "notes": [
            {"author": "reclassering", "kind": "fact", "person": 1, "days_ago": 80,
             "body": "Na de overtreding is het toezicht aangescherpt met een enkelband en een "
                     "gebiedsverbod voor de wijk van mevrouw. Meneer neemt deel aan een "
                     "gedragsinterventie gericht op relatiegeweld."},
            {"author": "regisseur", "kind": "family_view", "person": 1, "days_ago": 60,
             "body": "Meneer geeft aan dat hij alleen zijn kinderen wil zien en vindt dat mevrouw de "
                     "omgang tegenhoudt. Hij is het niet eens met de beschrijving van zijn gedrag als "
                     "stalking."},
            {"author": "veiligthuis", "kind": "opinion", "person": None, "days_ago": 40,
             "body": "De omgang verloopt sinds zes weken via een omgangshuis, zonder incidenten. Het "
                     "risico op escalatie blijft aanwezig zolang er geen vastgelegde omgangsregeling is."},
            {"author": "regisseur", "kind": "family_view", "person": 2, "days_ago": 25,
             "body": "Quincy vertelt dat hij zijn vader mist en het fijn vindt hem in het omgangshuis "
                     "te zien. Hij schrikt als de bel thuis onverwacht gaat."},
        ],
        "risk_assessments": [
            {"instrument": "b_safer", "author": "reclassering", "days_ago": 80, "level": "high",
             "answers": {"violent_acts_now": "absent", "violent_acts_past": "present",
                         "violent_threats_now": "possible", "violent_threats_past": "present",
                         "escalation_now": "possible", "escalation_past": "present",
                         "order_violations_now": "present", "order_violations_past": "present",
                         "violent_attitudes_now": "possible", "violent_attitudes_past": "possible",
                         "criminality_now": "absent", "criminality_past": "absent",
                         "relationship_now": "present", "relationship_past": "present",
                         "employment_now": "possible", "employment_past": "absent",
                         "substance_use_now": "absent", "substance_use_past": "absent",
                         "mental_health_now": "absent", "mental_health_past": "absent"},
             "outcome": "Hoog risico op nieuw partnergeweld: herhaalde overtreding van het contactverbod, "
                        "escalatie rond de omgang en problemen in de (ex-)partnerrelatie. Toezicht aangescherpt "
                        "met enkelband en gebiedsverbod."},
        ],
        "plan_agreements": [
            {"description": "Noodplan van moeder: bij dreiging gaat zij met de kinderen naar het veilige "
                            "adres dat met de opvang is afgesproken (Vlinderstraat 12) en belt zij haar "
                            "moeder met het codewoord 'paraplu'.",
             "org": "opvang", "days": 7, "not_for": [1]},
        ],
    },
    {
        "reference": "Gezin Visser",
        "coordinator": "regisseur",
        "state": "monitoring",
        "summary": (
            "Mevrouw (83) werd door haar inwonende zoon financieel uitgebuit en bij conflicten "
            "geïntimideerd en geduwd. Zoon heeft een gok- en alcoholverslaving en woont inmiddels "
            "zelfstandig; de situatie is stabiel."
        ),
        "persons": [
            {"name": "Truus Visser", "role": "victim", "born_years_ago": 83, "born_day_of_year": 58},
            {"name": "Henk Visser", "role": "perpetrator", "born_years_ago": 54,
             "born_day_of_year": 314},
            {"name": "Marjolein Dekker", "role": "network", "born_years_ago": 50, "born_day_of_year": 9},
            {"name": "Gerrit Oosterhuis", "role": "network", "born_years_ago": 71,
             "born_day_of_year": 166},
        ],
        "signals": [
            {"days_ago": 380, "reporter_kind": "professional", "reporter": "regisseur",
             "violence_type": "financial", "acute": False, "police_callout": False,
             "description": "Een thuiszorgmedewerker meldt via het wijkteam dat mevrouw geen geld heeft "
                            "voor boodschappen en bang lijkt voor haar zoon."},
            {"days_ago": 300, "reporter_kind": "citizen", "reporter": None,
             "violence_type": "elder_abuse", "acute": False, "police_callout": False,
             "description": "De buurman meldt bij Veilig Thuis dat hij 's avonds geschreeuw hoort en dat "
                            "mevrouw een blauwe plek in haar gezicht had."},
            {"days_ago": 260, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "elder_abuse", "acute": True, "police_callout": True, "at": "20:35",
             "description": "Politie ingezet na een conflict; zoon was onder invloed. Mevrouw wilde geen "
                            "aangifte doen."},
        ],
        "team": [
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "wmo"},
            {"org": "ggz", "team_role": "care", "legal_basis": "consent"},
        ],
        "notes": [
            {"author": "regisseur", "kind": "fact", "person": 0, "days_ago": 150,
             "body": "De kantonrechter heeft bewindvoering voor mevrouw uitgesproken; haar rekening is "
                     "afgeschermd voor anderen."},
            {"author": "ggz", "health": True, "kind": "fact", "person": 1, "days_ago": 130,
             "body": "Meneer is verhuisd naar een begeleid-wonenplek en is gestart met ambulante "
                     "behandeling voor zijn gok- en alcoholverslaving."},
            {"author": "regisseur", "kind": "family_view", "person": 0, "days_ago": 60,
             "body": "Mevrouw geeft aan dat zij haar zoon graag wekelijks ziet, maar alleen op zondag "
                     "als haar dochter erbij is. Zij wil niet dat hij weer bij haar komt wonen."},
            {"author": "veiligthuis", "kind": "opinion", "person": None, "days_ago": 20,
             "body": "Twee opeenvolgende veiligheidsscores van 8. Dochter en buurman houden zicht en "
                     "nemen bij nieuwe signalen contact op met het wijkteam."},
        ],
    },
    {
        "reference": "Gezin Al-Haddad",
        "mda_after_signal": 1,
        "coordinator": "regisseur",
        "state": "risk_care",
        "summary": (
            "Vader oefent veel controle uit over moeder en is bij ruzies fysiek agressief; beide "
            "ouders hebben oorlogservaringen en onbehandelde traumaklachten. Door verhuizingen tussen "
            "gemeenten en wijken raakte de hulp steeds versnipperd."
        ),
        "persons": [
            {"name": "Rania Al-Haddad", "role": "victim", "born_years_ago": 33, "born_day_of_year": 250},
            {"name": "Omar Al-Haddad", "role": "perpetrator", "born_years_ago": 38,
             "born_day_of_year": 12},
            {"name": "Yousef Al-Haddad", "role": "child", "born_years_ago": 12, "born_day_of_year": 101,
             "school": True},
            {"name": "Lamar Al-Haddad", "role": "child", "born_years_ago": 8, "born_day_of_year": 199,
             "school": True},
            {"name": "Hiba Al-Haddad", "role": "child", "born_years_ago": 3, "born_day_of_year": 330},
        ],
        "signals": [
            {"days_ago": 480, "reporter_kind": "professional", "reporter": "wijkteam",
             "violence_type": "psychological", "acute": False, "police_callout": False,
             "description": "Wijkteam Voorbeeld-Zuid meldt, kort na de verhuizing van het gezin uit een "
                            "andere gemeente, zorgen over controlerend gedrag van vader: moeder mag niet "
                            "zonder hem de deur uit en heeft geen eigen geld."},
            {"days_ago": 300, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "23:50",
             "description": "Politie-inzet na een ruzie waarbij vader moeder heeft geslagen; Yousef heeft "
                            "de politie gebeld."},
            {"days_ago": 100, "reporter_kind": "professional", "reporter": "regisseur",
             "violence_type": "witnessing", "acute": False, "police_callout": False,
             "description": "Na de verhuizing naar Voorbeeld-Noord meldt de school via het wijkteam dat "
                            "Lamar bang is om naar huis te gaan en vertelt over ruzies thuis."},
        ],
        "team": [
            {"org": "wijkteam", "team_role": "support", "legal_basis": "consent"},
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "meldcode"},
            {"org": "ggz", "team_role": "care", "legal_basis": "consent"},
        ],
        "notes": [
            {"author": "wijkteam", "kind": "fact", "person": None, "days_ago": 90,
             "body": "Warme overdracht van Wijkteam Voorbeeld-Zuid: met toestemming van de ouders zijn "
                     "de gegevens uit de vorige gemeente en het eigen dossier gedeeld. Bij alle "
                     "gesprekken is een tolk Arabisch nodig."},
            {"author": "ggz", "health": True, "kind": "opinion", "person": None, "days_ago": 45,
             "body": "De traumascreening bij beide ouders wijst op posttraumatische klachten. Moeder is "
                     "met tolk gestart met behandeling; vader staat op de wachtlijst."},
            {"author": "regisseur", "kind": "family_view", "person": 1, "days_ago": 30,
             "body": "Vader geeft aan dat hij zich in Nederland machteloos voelt en dat hij de regels in "
                     "huis moet bewaken. Hij erkent de ruzies, maar vindt dat moeder ook bijdraagt aan "
                     "de escalatie."},
            {"author": "regisseur", "kind": "family_view", "person": 2, "days_ago": 15,
             "body": "Yousef zegt dat hij zich verantwoordelijk voelt voor zijn moeder en zusjes en "
                     "daardoor slecht slaapt. Hij zou graag op voetbal gaan."},
        ],
        "systemic_goals": [
            {"scope": "pair", "persons": [0, 1], "kind": "risk", "risk_factor": "parenting_stress",
             "description": "De ouders maken samen opvoedafspraken en lossen meningsverschillen op zonder geweld; "
                            "bij oplopende spanning neemt vader een time-out buiten de woning.",
             "evaluate_in_days": 42,
             "intervention": {"org": "ggz", "description": "Systeemtherapie voor de ouders, met tolk Arabisch."}},
            {"scope": "family", "persons": [], "kind": "risk", "risk_factor": "isolation",
             "description": "Het gezin heeft een vast steunnetwerk in de nieuwe woonplaats en weet wie het belt "
                            "bij oplopende spanning.",
             "evaluate_in_days": 56,
             "intervention": {"org": "wijkteam", "description": "Familienetwerkberaad met de familie en de "
                                                                "moskee, met tolk."}},
        ],
    },
    {
        "reference": "Gezin Smit",
        "coordinator": "regisseur",
        "state": "closed",
        "summary": (
            "In het verleden herhaald fysiek en psychisch partnergeweld, waarvan de kinderen getuige "
            "waren. Na behandeling van beide ouders en een stabiele periode van ruim een jaar is het "
            "dossier gesloten; het wijkteam houdt zicht op veiligheid."
        ),
        "persons": [
            {"name": "Linda Smit", "role": "victim", "born_years_ago": 41, "born_day_of_year": 144},
            {"name": "Richard Smit", "role": "perpetrator", "born_years_ago": 44,
             "born_day_of_year": 271},
            {"name": "Noah Smit", "role": "child", "born_years_ago": 13, "born_day_of_year": 82},
            {"name": "Sophie Smit", "role": "child", "born_years_ago": 8, "born_day_of_year": 311,
             "school": True},
        ],
        "signals": [
            {"days_ago": 900, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "17:40",
             "description": "Politie ingezet na een melding van geweld tussen de ouders; moeder had "
                            "lichte verwondingen. Beide kinderen waren thuis."},
            {"days_ago": 820, "reporter_kind": "citizen", "reporter": None,
             "violence_type": "psychological", "acute": False, "police_callout": False,
             "description": "Een familielid meldt bij Veilig Thuis dat vader moeder voortdurend "
                            "kleineert en dat de kinderen angstig zijn."},
            {"days_ago": 700, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "00:20",
             "description": "Tweede politie-inzet na een escalerende ruzie; de burgemeester heeft een "
                            "tijdelijk huisverbod opgelegd.",
             "rihg": {"level": "high",
                      "answers": {"perpetrator_red": 3, "perpetrator_blue": 2, "perpetrator_yellow": 2,
                                  "incident_red": 2, "incident_blue": 2, "incident_yellow": 2,
                                  "family_red": 1, "family_blue": 3, "family_yellow": 3},
                      "outcome": "Rode signalen bij de pleger en in het verloop van het incident; de kinderen "
                                 "waren thuis. De RiHG wijst op een tijdelijk huisverbod."},
             "order": {"person": 1, "imposed": True, "extended_after": 8, "extended_to": 28,
                       "result": "De burgemeester heeft het huisverbod opgelegd.",
                       "extension": "Na evaluatie verlengd tot 28 dagen in totaal."}},
        ],
        "team": [
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "meldcode"},
            {"org": "politie", "team_role": "justice", "legal_basis": "consent"},
            {"org": "ggz", "team_role": "care", "legal_basis": "consent"},
        ],
        "notes": [
            {"author": "politie", "kind": "fact", "person": 1, "days_ago": 690,
             "body": "Tijdelijk huisverbod van tien dagen opgelegd en na evaluatie verlengd tot in "
                     "totaal 28 dagen."},
            {"author": "ggz", "health": True, "kind": "fact", "person": None, "days_ago": 400,
             "body": "Meneer heeft een behandeling gericht op agressieregulatie afgerond. Mevrouw heeft "
                     "haar traumabehandeling (EMDR) afgerond."},
            {"author": "regisseur", "kind": "family_view", "person": None, "days_ago": 90,
             "body": "Ouders geven aan dat zij spanning eerder herkennen en weten wie zij kunnen bellen. "
                     "Noah en Sophie zeggen dat het thuis 'gewoon gezellig' is."},
            {"author": "veiligthuis", "kind": "opinion", "person": None, "days_ago": 60,
             "body": "De laatste twee veiligheidsscores zijn 8 en 9 en er zijn ruim twintig maanden geen "
                     "nieuwe meldingen geweest. Afsluiten is verantwoord."},
        ],
    },
    {
        "reference": "Gezin Öztürk",
        "coordinator": "regisseur",
        "state": "registered",
        "summary": (
            "Signalen van dwingende controle: vader beheert al het geld, controleert de telefoon van "
            "moeder en houdt haar weg bij haar familie. Aangemeld; de veiligheidsbeoordeling moet nog "
            "plaatsvinden."
        ),
        "persons": [
            {"name": "Zeynep Öztürk", "role": "victim", "born_years_ago": 29, "born_day_of_year": 47},
            {"name": "Serkan Öztürk", "role": "perpetrator", "born_years_ago": 33,
             "born_day_of_year": 290},
            {"name": "Elif Öztürk", "role": "child", "born_years_ago": 2, "born_day_of_year": 171},
            {"name": "Ayşe Kaplan", "role": "network", "born_years_ago": 35, "born_day_of_year": 213},
        ],
        "signals": [
            {"days_ago": 9, "reporter_kind": "professional", "reporter": "regisseur",
             "violence_type": "psychological", "acute": False, "police_callout": False,
             "description": "De jeugdverpleegkundige van het consultatiebureau meldt via het wijkteam "
                            "dat moeder gespannen was en vertelde dat zij geen eigen geld of bankpas "
                            "heeft."},
            {"days_ago": 4, "reporter_kind": "self", "reporter": None,
             "violence_type": "financial", "acute": False, "police_callout": False,
             "description": "Moeder belt zelf het wijkteam voor advies. Zij wil niet dat haar man weet "
                            "dat zij hulp zoekt."},
        ],
        "team": [],
        "notes": [
            {"author": "regisseur", "kind": "fact", "person": 0, "days_ago": 4,
             "body": "Telefonisch contact met moeder op een moment dat zij zelf koos. Afgesproken is dat "
                     "het wijkteam alleen haar eigen nummer belt en geen post naar het huisadres stuurt."},
            {"author": "regisseur", "kind": "opinion", "person": None, "days_ago": 3,
             "body": "De signalen van financieel en psychisch geweld passen bij dwingende controle. "
                     "Gezien de isolatie van moeder en de jonge leeftijd van Elif is een "
                     "veiligheidsbeoordeling door Veilig Thuis nodig."},
        ],
    },
    # ------------------------------------------------------------------- Wijkteam Voorbeeld-Zuid
    {
        "reference": "Gezin Kramer",
        "coordinator": "wijkteam",
        "state": "safety",
        "summary": (
            "Mila (6) en Levi (2) krijgen onvoldoende basiszorg: onregelmatige maaltijden, een "
            "vervuilde woning en gemiste medische afspraken. Moeder heeft een licht verstandelijke "
            "beperking en raakt overvraagd; zij wil graag goed voor de kinderen zorgen."
        ),
        "persons": [
            {"name": "Kim Kramer", "role": "household", "born_years_ago": 26, "born_day_of_year": 124},
            {"name": "Mila Kramer", "role": "child", "born_years_ago": 6, "born_day_of_year": 63,
             "school": True},
            {"name": "Levi Kramer", "role": "child", "born_years_ago": 2, "born_day_of_year": 258},
            {"name": "Anneke Kramer", "role": "network", "born_years_ago": 52, "born_day_of_year": 5},
        ],
        "signals": [
            {"days_ago": 150, "reporter_kind": "professional", "reporter": "wijkteam",
             "violence_type": "neglect", "acute": False, "police_callout": False,
             "description": "Basisschool De Regenboog meldt via het wijkteam dat Mila vaak zonder "
                            "ontbijt en in vuile kleding op school komt en veel verzuimt."},
            {"days_ago": 90, "reporter_kind": "citizen", "reporter": None,
             "violence_type": "neglect", "acute": False, "police_callout": False,
             "description": "Buren melden bij Veilig Thuis dat Levi vaak lang huilt en dat er "
                            "vuilniszakken op het balkon staan."},
            {"days_ago": 30, "reporter_kind": "professional", "reporter": "wijkteam",
             "violence_type": "neglect", "acute": False, "police_callout": False,
             "description": "De jeugdverpleegkundige meldt dat Levi meerdere afspraken heeft gemist en "
                            "achterblijft in gewicht."},
        ],
        "team": [
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "youth_act"},
            {"org": "ggz", "team_role": "care", "legal_basis": "consent"},
            {"org": "zvh", "team_role": "process", "legal_basis": "consent"},
        ],
        "notes": [
            {"author": "wijkteam", "kind": "fact", "person": None, "days_ago": 28,
             "body": "Huisbezoek: de koelkast was leeg en er lagen wasgoed en afval in de woonkamer. De "
                     "kinderen waren aangekleed en reageerden vrolijk op moeder."},
            {"author": "veiligthuis", "kind": "opinion", "person": None, "days_ago": 20,
             "body": "Er is sprake van structurele verwaarlozing die voortkomt uit overvraging, niet uit "
                     "onwil. Zonder dagelijkse praktische ondersteuning blijft de ontwikkeling van beide "
                     "kinderen bedreigd."},
            {"author": "wijkteam", "kind": "family_view", "person": 0, "days_ago": 18,
             "body": "Moeder geeft aan dat zij zich schaamt en bang is dat de kinderen uit huis worden "
                     "geplaatst. Zij wil hulp bij het huishouden en een vast weekritme, en vraagt of "
                     "haar eigen moeder daarbij kan helpen."},
            {"author": "ggz", "health": True, "kind": "fact", "person": 0, "days_ago": 10,
             "body": "Eerder psychologisch onderzoek bevestigt een licht verstandelijke beperking. "
                     "Moeder is aangemeld voor ambulante woonbegeleiding, vier dagdelen per week."},
        ],
    },
    {
        "reference": "Gezin Meijer-Nowak",
        "mda_after_signal": 0,
        "coordinator": "wijkteam",
        "state": "recovery",
        "summary": (
            "Vader is veroordeeld voor mishandeling van moeder en staat onder toezicht van de "
            "reclassering, met een gedragsinterventie en middelenbehandeling als voorwaarden. De "
            "ouders wonen weer samen; de grootste zorg is terugval bij stress en middelengebruik."
        ),
        "persons": [
            {"name": "Agnieszka Nowak", "role": "victim", "born_years_ago": 35, "born_day_of_year": 176},
            {"name": "Dennis Meijer", "role": "perpetrator", "born_years_ago": 39,
             "born_day_of_year": 93},
            {"name": "Sem Meijer", "role": "child", "born_years_ago": 10, "born_day_of_year": 281,
             "school": True},
            {"name": "Zofia Meijer", "role": "child", "born_years_ago": 7, "born_day_of_year": 22,
             "school": True},
            {"name": "Gerard Meijer", "role": "network", "born_years_ago": 66, "born_day_of_year": 340},
        ],
        "signals": [
            {"days_ago": 480, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "21:55",
             "description": "Politie-inzet na mishandeling van moeder; vader is aangehouden. Sem en "
                            "Zofia waren thuis en zijn door hun opa opgevangen."},
            {"days_ago": 200, "reporter_kind": "professional", "reporter": "reclassering",
             "violence_type": "psychological", "acute": False, "police_callout": False,
             "description": "De reclassering meldt dat meneer een afspraak heeft gemist en dat er "
                            "spanningen thuis zijn; moeder bevestigt verbale ruzies."},
        ],
        "team": [
            {"org": "reclassering", "team_role": "justice", "legal_basis": "court_order"},
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "meldcode"},
            {"org": "politie", "team_role": "justice", "legal_basis": "consent"},
            {"org": "ggz", "team_role": "care", "legal_basis": "consent"},
        ],
        "notes": [
            {"author": "reclassering", "kind": "fact", "person": 1, "days_ago": 150,
             "body": "Meneer heeft de gedragsinterventie afgerond. Hij komt zijn meldplicht na en de "
                     "urinecontroles zijn negatief."},
            {"author": "wijkteam", "kind": "family_view", "person": 0, "days_ago": 100,
             "body": "Moeder geeft aan dat zij zich veiliger voelt sinds meneer in behandeling is. Zij "
                     "wil dat de hulp gericht is op het hele gezin en niet alleen op haar partner."},
            {"author": "ggz", "health": True, "kind": "opinion", "person": 2, "days_ago": 60,
             "body": "De traumascreening (CRIES-13) bij Sem is positief; hij is gestart met "
                     "traumabehandeling. Zofia scoort onder de afkapwaarde; ouders krijgen "
                     "psycho-educatie."},
            {"author": "wijkteam", "kind": "family_view", "person": 2, "days_ago": 30,
             "body": "Sem vertelt dat hij het fijn vindt dat er geen politie meer aan de deur komt. Hij "
                     "wil dat zijn vader blijft meegaan naar de voetbaltraining."},
        ],
    },
    {
        "reference": "Gezin Vermeulen-Bouzid",
        "mda_after_signal": 1,
        "peak": "risk_care",
        "coordinator": "wijkteam",
        "state": "safety",
        "summary": (
            "Moeder heeft een bipolaire stoornis en is het afgelopen jaar twee keer opgenomen geweest. "
            "Rond haar ontregelingen escaleren ruzies tussen de ouders tot fysiek geweld; Noor (11) "
            "neemt veel zorgtaken over en vangt haar broertje op."
        ),
        "persons": [
            {"name": "Esther Vermeulen", "role": "victim", "born_years_ago": 38,
             "born_day_of_year": 239},
            {"name": "Karim Bouzid", "role": "perpetrator", "born_years_ago": 41,
             "born_day_of_year": 107},
            {"name": "Noor Bouzid", "role": "child", "born_years_ago": 11, "born_day_of_year": 154,
             "school": True},
            {"name": "Adam Bouzid", "role": "child", "born_years_ago": 5, "born_day_of_year": 266,
             "school": True},
            {"name": "Ineke Vermeulen", "role": "network", "born_years_ago": 64, "born_day_of_year": 35},
        ],
        "signals": [
            {"days_ago": 190, "reporter_kind": "professional", "reporter": "ggz",
             "violence_type": "neglect", "acute": False, "police_callout": False,
             "description": "De behandelaar van moeder meldt dat de kinderen tijdens haar manische "
                            "periode onvoldoende zorg kregen."},
            {"days_ago": 75, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "03:10",
             "description": "Politie-inzet na een ruzie waarbij beide ouders letsel hadden. Noor had de "
                            "politie gebeld en zat met Adam op haar kamer."},
            {"days_ago": 12, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "22:25",
             "description": "Opnieuw politie-inzet; vader heeft moeder geslagen tijdens een conflict over "
                            "haar medicatie. Handle with Care-signaal naar de school verstuurd.",
             "rihg": {"level": "high",
                      "answers": {"perpetrator_red": 2, "perpetrator_blue": 2, "perpetrator_yellow": 3,
                                  "incident_red": 2, "incident_blue": 2, "incident_yellow": 2,
                                  "family_red": 1, "family_blue": 4, "family_yellow": 2},
                      "outcome": "Meerdere rode signalen, bij de pleger en in het verloop van het incident; "
                                 "zorgen over de kinderen, die het incident meemaakten."},
             "order": {"person": 1, "imposed": False,
                       "result": "Huisverbod overwogen maar niet opgelegd: meneer verblijft vrijwillig "
                                 "tijdelijk bij zijn broer."}},
        ],
        "team": [
            {"org": "ggz", "team_role": "care", "legal_basis": "consent"},
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "meldcode"},
            {"org": "politie", "team_role": "justice", "legal_basis": "vital_interest"},
        ],
        "notes": [
            {"author": "politie", "kind": "fact", "person": 1, "days_ago": 11,
             "body": "RiHG afgenomen met meerdere rode signalen. Een huisverbod is overwogen maar niet "
                     "opgelegd, omdat meneer vrijwillig tijdelijk bij zijn broer verblijft."},
            {"author": "ggz", "health": True, "kind": "opinion", "person": 0, "days_ago": 9,
             "body": "Moeder is op dit moment stabiel op medicatie. Het risico op een nieuwe ontregeling "
                     "neemt toe bij slaapgebrek en stress; een signaleringsplan met het netwerk is "
                     "nodig."},
            {"author": "wijkteam", "kind": "family_view", "person": 1, "days_ago": 8,
             "body": "Vader geeft aan dat hij uitgeput is door de zorg voor moeder en de kinderen en dat "
                     "hij er alleen voor staat. Hij erkent dat hij geslagen heeft en wil hulp."},
            {"author": "wijkteam", "kind": "family_view", "person": 2, "days_ago": 6,
             "body": "Noor vertelt dat zij altijd let op hoe het met mama gaat. Zij wil dat iemand anders "
                     "'de baas is over de medicijnen', zodat zij dat niet hoeft te doen."},
        ],
    },
    {
        "reference": "Gezin Ramdin",
        "coordinator": "wijkteam",
        "state": "safety_assessment",
        "summary": (
            "Na een politie-inzet wegens partnergeweld doet Veilig Thuis een veiligheidsbeoordeling. "
            "Moeder vertelt over jarenlange spanningen in het huishouden, waarin ook haar schoonmoeder "
            "woont; hoe vaak er geweld is geweest, is nog onduidelijk."
        ),
        "persons": [
            {"name": "Priya Ramdin", "role": "victim", "born_years_ago": 31, "born_day_of_year": 318},
            {"name": "Ravi Ramdin", "role": "perpetrator", "born_years_ago": 35, "born_day_of_year": 74},
            {"name": "Arjun Ramdin", "role": "child", "born_years_ago": 7, "born_day_of_year": 188,
             "school": True},
            {"name": "Savitri Ramdin", "role": "household", "born_years_ago": 60,
             "born_day_of_year": 261},
        ],
        "signals": [
            {"days_ago": 60, "reporter_kind": "citizen", "reporter": None,
             "violence_type": "psychological", "acute": False, "police_callout": False,
             "description": "Een familielid meldt anoniem dat moeder door haar man en schoonmoeder wordt "
                            "gekleineerd en weinig contact met haar eigen familie mag hebben."},
            {"days_ago": 6, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "physical", "acute": True, "police_callout": True, "at": "19:05",
             "description": "Politie ter plaatse na een melding van geweld; moeder had lichte "
                            "verwondingen. Arjun was thuis en heeft het incident mogelijk gehoord. "
                            "Handle with Care-signaal verstuurd."},
        ],
        "team": [
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "meldcode"},
        ],
        "notes": [
            {"author": "veiligthuis", "kind": "fact", "person": None, "days_ago": 4,
             "body": "Veiligheidsbeoordeling gestart; gesprekken met moeder en vader zijn gepland binnen "
                     "vijf werkdagen na de melding."},
            {"author": "wijkteam", "kind": "family_view", "person": 1, "days_ago": 3,
             "body": "Vader geeft aan dat het incident een eenmalige uitschieter was na een ruzie over "
                     "geld en dat er verder geen problemen zijn."},
        ],
    },
    {
        "reference": "Gezin Isenia",
        "coordinator": "wijkteam",
        "state": "handed_over",
        "summary": (
            "Eenmalige verbale bedreiging door de ex-partner bij de overdracht van hun zoon. Veilig "
            "Thuis beoordeelde de situatie niet als structureel onveilig; het lokale team heeft zicht "
            "op veiligheid overgenomen, buiten MDA++."
        ),
        "persons": [
            {"name": "Gisela Isenia", "role": "victim", "born_years_ago": 28, "born_day_of_year": 159},
            {"name": "Jurmen Cijntje", "role": "perpetrator", "born_years_ago": 30,
             "born_day_of_year": 226},
            {"name": "Djaylon Isenia", "role": "child", "born_years_ago": 4, "born_day_of_year": 49,
             "school": True},
        ],
        "signals": [
            {"days_ago": 40, "reporter_kind": "police", "reporter": "politie",
             "violence_type": "psychological", "acute": True, "police_callout": True, "at": "20:50",
             "description": "Politie ingezet na een luidruchtige ruzie bij de overdracht van Djaylon; de "
                            "ex-partner heeft mevrouw verbaal bedreigd. Geen letsel."},
        ],
        "team": [
            {"org": "veiligthuis", "team_role": "safety", "legal_basis": "meldcode"},
        ],
        "notes": [
            {"author": "veiligthuis", "kind": "opinion", "person": None, "days_ago": 30,
             "body": "Uitkomst van de veiligheidsbeoordeling: geen acute of structurele onveiligheid. "
                     "Advies: ondersteuning bij de omgangsregeling via het lokale team."},
            {"author": "wijkteam", "kind": "family_view", "person": 0, "days_ago": 25,
             "body": "Moeder geeft aan dat zij vooral hulp wil bij afspraken over de omgang en dat zij "
                     "zich in haar eigen huis niet onveilig voelt."},
            {"author": "wijkteam", "kind": "family_view", "person": 1, "days_ago": 24,
             "body": "Vader zegt dat hij spijt heeft van zijn uitval en dat hij een vaste "
                     "omgangsregeling wil, zonder ruzie bij de overdracht."},
        ],
    },
]


# --------------------------------------------------------------------------------- self-check

COORDINATORS = {"regisseur": 9, "wijkteam": 5}
PARTNER_ORGS = ("veiligthuis", "politie", "zvh", "ggz", "reclassering", "opvang")
NEVER_ON_TEAM = ("school", "stuurgroep", "beheer", "buiten")
NO_LOGIN = ()
# Names of the demo logins (mda/demo/region.py); they appear on every page, so no family member may
# share a name or surname with them.
STAFF_NAMES = ("Marloes de Wit", "Youssef Amrani", "Ingrid Postma", "Rob van Dijk", "Anouk Verbeek",
               "Hanna Kuipers", "Martin Hoekstra", "Petra Smulders", "Wim Brouwer", "Sandra Vos", "Lotte Bosman",
               "Karin Mulder")
LATER_STATES = ("safety", "risk_care", "recovery", "monitoring", "closed")


def _texts(family: dict) -> list[str]:
    return ([family["reference"], family["summary"]]
            + [s["description"] for s in family["signals"]]
            + [n["body"] for n in family["notes"]]
            + [a["description"] for a in family.get("plan_agreements", ())])


def _check_assessment(ref: str, instrument: str, values: dict) -> None:
    answers = {item: str(answer) for item, answer in values["answers"].items()}
    assert RISK_INSTRUMENTS[instrument].check(answers) == (), f"{ref}: {instrument} answers"
    assert values["level"] in RISK_LEVELS and values["outcome"].strip(), f"{ref}: {instrument} level and outcome"


def check(families: list[dict] = FAMILIES) -> None:
    """Raises AssertionError when the demo families break a rule the demo and its tests rely on."""
    assert len(families) == 14, f"expected 14 families, got {len(families)}"
    references = [f["reference"] for f in families]
    assert len(set(references)) == len(references), "family references must be unique"

    for coordinator, expected in COORDINATORS.items():
        got = sum(f["coordinator"] == coordinator for f in families)
        assert got == expected, f"{coordinator} coordinates {got} families, expected {expected}"

    state_counts = {s: sum(f["state"] == s for f in families) for s in CASE_STATES}
    for state, count in state_counts.items():
        assert count >= 1, f"no family in state {state}"
    others = max(c for s, c in state_counts.items() if s not in ("safety", "risk_care"))
    assert state_counts["safety"] > others and state_counts["risk_care"] > others, \
        f"safety and risk_care should hold the most families: {state_counts}"

    shared = 0
    on_teams = {org: 0 for org in PARTNER_ORGS}
    staff_surnames = {n.split()[-1].casefold() for n in STAFF_NAMES}
    for f in families:
        ref = f["reference"]
        assert ref.startswith("Gezin "), f"{ref}: reference must start with 'Gezin '"
        assert f["coordinator"] in COORDINATORS, f"{ref}: unknown coordinator {f['coordinator']}"
        assert f["state"] in CASE_STATES, f"{ref}: unknown state {f['state']}"
        assert isinstance(f["summary"], str) and f["summary"].strip(), f"{ref}: empty summary"

        persons = f["persons"]
        assert 2 <= len(persons) <= 7, f"{ref}: {len(persons)} persons, expected 2-7"
        for p in persons:
            name = p["name"]
            assert len(name.split()) >= 2, f"{ref}: {name!r} needs a first and last name"
            assert p["role"] in PERSON_ROLES, f"{ref}: {name}: unknown role {p['role']}"
            age = p["born_years_ago"]
            assert isinstance(age, int) and 0 <= age <= 110, f"{ref}: {name}: bad age {age}"
            assert isinstance(p["born_day_of_year"], int) and 1 <= p["born_day_of_year"] <= 365, \
                f"{ref}: {name}: bad born_day_of_year"
            if p["role"] == "child":
                assert age < 18, f"{ref}: {name}: a child must be under 18"
            if p.get("school"):
                assert p["role"] == "child" and 4 <= age <= 12, \
                    f"{ref}: {name}: only children of 4-12 attend the primary school"
            assert name.split()[-1].casefold() not in staff_surnames, \
                f"{ref}: {name} shares a surname with a demo login"

        signals = f["signals"]
        assert 1 <= len(signals) <= 5, f"{ref}: {len(signals)} signals, expected 1-5"
        days = [s["days_ago"] for s in signals]
        assert days == sorted(days, reverse=True), f"{ref}: signals must be oldest first"
        for s in signals:
            assert isinstance(s["days_ago"], int) and s["days_ago"] >= 0, f"{ref}: bad signal date"
            assert s["reporter_kind"] in REPORTER_KINDS, f"{ref}: unknown reporter_kind"
            assert s["violence_type"] in VIOLENCE_TYPES, f"{ref}: unknown violence_type"
            assert isinstance(s["acute"], bool) and isinstance(s["police_callout"], bool), \
                f"{ref}: acute and police_callout must be booleans"
            assert s["police_callout"] == ("at" in s), f"{ref}: a police call-out, and only one, has its time"
            assert s["description"].strip(), f"{ref}: empty signal description"
            if s["reporter_kind"] in ("citizen", "self"):
                assert s["reporter"] is None, f"{ref}: citizens and self-reports have no organisation"
            elif s["reporter_kind"] == "police":
                assert s["reporter"] == "politie", f"{ref}: a police report comes from politie"
            else:
                assert s["reporter"] in (*COORDINATORS, *PARTNER_ORGS), \
                    f"{ref}: unknown reporting organisation {s['reporter']}"
            if "rihg" in s:
                assert s["police_callout"] and "politie" in [m["org"] for m in f["team"]], \
                    f"{ref}: the police on the team record a RiHG after a call-out"
                _check_assessment(ref, "rihg", s["rihg"])
            if "order" in s:
                assert "rihg" in s and 0 <= s["order"]["person"] < len(persons), f"{ref}: bad order"
        for assessment in f.get("risk_assessments", ()):
            assert assessment["author"] in [m["org"] for m in f["team"]], f"{ref}: assessed by a team partner"
            _check_assessment(ref, assessment["instrument"], assessment)
        for goal in f.get("systemic_goals", ()):
            assert goal["scope"] in ("pair", "family") and goal["kind"] in ("risk", "recovery"), f"{ref}: bad goal"
            assert len(goal["persons"]) == (2 if goal["scope"] == "pair" else 0), f"{ref}: bad goal persons"
            assert all(0 <= index < len(persons) for index in goal["persons"]), f"{ref}: bad goal person"
            if "intervention" in goal:
                assert goal["intervention"]["org"] in [m["org"] for m in f["team"]], f"{ref}: intervention off the team"

        mda_signal = f.get("mda_after_signal", len(signals) - 1)
        assert isinstance(mda_signal, int) and 0 <= mda_signal < len(signals), f"{ref}: bad mda_after_signal"
        if mda_signal < len(signals) - 1:
            assert f["state"] in LATER_STATES and f["state"] != "closed", \
                f"{ref}: signals after the MDA++ start are relapses of an active case"
        peak = f.get("peak", f["state"])
        assert peak in LATER_STATES and LATER_STATES.index(peak) >= LATER_STATES.index(f["state"]) \
            or peak == f["state"], f"{ref}: peak {peak} must be the state or a later phase"
        assert peak == f["state"] or mda_signal < len(signals) - 1, \
            f"{ref}: only a relapse brings a family back from its peak"

        team = f["team"]
        orgs = [m["org"] for m in team]
        assert len(set(orgs)) == len(orgs), f"{ref}: an organisation is on the team twice"
        assert len(team) <= 5, f"{ref}: more than 5 partners"
        assert team or f["state"] == "registered", f"{ref}: only a registered family has no partners"
        if f["state"] in LATER_STATES:
            assert len(team) >= 2, f"{ref}: state {f['state']} needs at least 2 partners"
        other_local = "wijkteam" if f["coordinator"] == "regisseur" else "regisseur"
        for m in team:
            assert m["org"] not in NEVER_ON_TEAM, f"{ref}: {m['org']} may never be on a team"
            assert m["org"] != f["coordinator"], f"{ref}: the coordinator's own team is added automatically"
            assert m["org"] in (*PARTNER_ORGS, other_local), f"{ref}: unknown organisation {m['org']}"
            assert m["team_role"] in TEAM_ROLES, f"{ref}: unknown team_role {m['team_role']}"
            assert m["legal_basis"] in LEGAL_BASES, f"{ref}: unknown legal_basis {m['legal_basis']}"
            if m["org"] in on_teams:
                on_teams[m["org"]] += 1
        if other_local in orgs:
            assert f["coordinator"] == "regisseur", f"{ref}: only a regisseur family may include wijkteam"
            shared += 1

        notes = f["notes"]
        assert 1 <= len(notes) <= 4, f"{ref}: {len(notes)} notes, expected 1-4"
        authors = {f["coordinator"], *orgs} - set(NO_LOGIN)
        for n in notes:
            assert n["author"] in authors, f"{ref}: note author {n['author']} is not on the team"
            assert n["kind"] in NOTE_KINDS, f"{ref}: unknown note kind {n['kind']}"
            assert n["person"] is None or (isinstance(n["person"], int)
                                           and 0 <= n["person"] < len(persons)), \
                f"{ref}: note person index {n['person']} out of range"
            assert isinstance(n["days_ago"], int) and 0 <= n["days_ago"] <= max(days), \
                f"{ref}: a note cannot predate the first signal"
            assert n["body"].strip(), f"{ref}: empty note"

        for a in f.get("plan_agreements", ()):
            assert a["description"].strip(), f"{ref}: empty plan agreement"
            assert a["org"] in orgs, f"{ref}: plan agreement of {a['org']}, which is not on the team"
            assert isinstance(a["days"], int) and a["days"] > 0, f"{ref}: bad plan agreement days"
            assert all(isinstance(i, int) and 0 <= i < len(persons) for i in a["not_for"]), \
                f"{ref}: plan agreement not_for index out of range"

    assert references and any(not f["team"] and f["state"] == "registered" for f in families), \
        "at least one registered family must have no partner"
    assert shared == 1, f"exactly one family must be shared by both local teams, got {shared}"
    for org in ("veiligthuis", "politie", "zvh", "ggz", "reclassering"):
        assert 2 <= on_teams[org] < len(families), f"{org} is on {on_teams[org]} teams"

    # Names: unique, none a substring of another name or of another family's reference or texts.
    owners = {}
    for f in families:
        for p in f["persons"]:
            key = p["name"].casefold()
            assert key not in owners, f"name {p['name']} is used twice"
            owners[key] = f["reference"]
    for staff in STAFF_NAMES:
        for name in owners:
            assert name not in staff.casefold() and staff.casefold() not in name, \
                f"{name} clashes with demo login {staff}"
    for name, owner in owners.items():
        for other in owners:
            if other != name:
                assert name not in other, f"{name!r} is part of {other!r}"
        for f in families:
            if f["reference"] != owner:
                for text in _texts(f):
                    assert name not in text.casefold(), f"{name!r} appears in {f['reference']}"


if __name__ == "__main__":
    check()
    print(f"{len(FAMILIES)} families ok")
