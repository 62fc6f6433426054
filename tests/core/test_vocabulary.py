"""One vocabulary: the values the database allows and the words the pages show come from
``workflows/``, so a state, role or kind changed there cannot drift from a model, a check
constraint or a label."""
import re

import pytest
from flask import render_template_string
from flask_babel import force_locale
from sqlalchemy import CheckConstraint, inspect

import mda.models  # noqa: F401  (every table)
import workflows
from mda import labels
from mda.auth.models import User
from mda.careplan.models import CareGoal, TraumaScreening
from mda.casework.models import ReporterFeedback, SafetyAssessment
from mda.core.i18n import lazy_label
from mda.dossiers.models import Person, Signal, TeamMembership
from mda.engine.machines import STATE_ATTRIBUTE
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.intake.models import Application, ApplicationPerson
from mda.orgs.models import Organisation
from mda.tasks.models import CLOSED_STATES, OPEN_STATES, PENDING_STATES, Task
from workflows import TASK_WORKFLOW, Label, vocabulary

# Each state column holds its workflow's states (found through the model's ``__workflow__``).
STATEFUL = [mapper.class_ for mapper in db.Model.registry.mappers if hasattr(mapper.class_, "__workflow__")]
# Each coded column holds the codes of one vocabulary.
CODED = [
    (User, "role", vocabulary.USER_ROLES),
    (Organisation, "kind", vocabulary.ORG_KINDS),
    (Person, "role", vocabulary.PERSON_ROLES),
    (ApplicationPerson, "role", vocabulary.PERSON_ROLES),
    (Signal, "reporter_kind", vocabulary.REPORTER_KINDS),
    (Signal, "violence_type", vocabulary.VIOLENCE_TYPES),
    (Application, "signal_violence_type", {"": None, **vocabulary.VIOLENCE_TYPES}),
    (TeamMembership, "team_role", vocabulary.TEAM_ROLES),
    (TeamMembership, "legal_basis", vocabulary.LEGAL_BASES),
    (Task, "kind", vocabulary.TASK_KINDS),
    (SafetyAssessment, "outcome", vocabulary.ASSESSMENT_OUTCOMES),
    (SafetyAssessment, "route", vocabulary.ASSESSMENT_ROUTES),
    (ReporterFeedback, "occasion", workflows.FEEDBACK_OCCASIONS),
    (ReporterFeedback, "route", vocabulary.ASSESSMENT_ROUTES),
    (CareGoal, "kind", vocabulary.GOAL_KINDS),
    (TraumaScreening, "status", vocabulary.SCREENING_STATUSES),
    (TransitionLog, "workflow", workflows.WORKFLOWS),
]
CHECKED = [(model, STATE_ATTRIBUTE[model.__workflow__], workflows.WORKFLOWS[model.__workflow__].state_names)
           for model in STATEFUL] + [(model, column, tuple(codes)) for model, column, codes in CODED]
IDS = [f"{model.__tablename__}.{column}" for model, column, _codes in CHECKED]


def _values(sql: str) -> set[str]:
    return set(re.findall(r"'([^']*)'", sql))


def _model_check(model, column: str) -> str:
    name = f"ck_{model.__tablename__}_{column}_valid"
    return next(str(c.sqltext) for c in model.__table__.constraints
                if isinstance(c, CheckConstraint) and c.name == name)


def test_every_workflow_has_a_model():
    assert {model.__workflow__ for model in STATEFUL} == set(workflows.WORKFLOWS)


@pytest.mark.parametrize(("model", "column", "codes"), CHECKED, ids=IDS)
def test_the_models_allow_exactly_the_workflows_codes(model, column, codes):
    assert _values(_model_check(model, column)) == set(codes)


@pytest.mark.parametrize(("model", "column", "codes"), CHECKED, ids=IDS)
def test_the_migrated_database_allows_exactly_the_workflows_codes(app_ctx, model, column, codes):
    """The migrations wrote the same check constraints: a word added in ``workflows/`` needs a
    migration, and this says which."""
    name = f"ck_{model.__tablename__}_{column}_valid"
    found = [c["sqltext"] for c in inspect(db.engine).get_check_constraints(model.__tablename__)
             if c["name"] == name]
    assert len(found) == 1 and _values(found[0]) == set(codes)


def test_the_task_lists_follow_the_task_workflow():
    assert OPEN_STATES == ("open", "accepted")
    assert PENDING_STATES == ("open", "accepted", "declined")
    assert set(CLOSED_STATES) == {"done", "reassigned", "cancelled"}
    assert set(PENDING_STATES) | set(CLOSED_STATES) == set(TASK_WORKFLOW.state_names)


def test_the_labels_are_the_workflows_words(app):
    pairs = [(labels.ORGANISATION_KIND, vocabulary.ORG_KINDS), (labels.USER_ROLE, vocabulary.USER_ROLES),
             (labels.PERSON_ROLE, vocabulary.PERSON_ROLES), (labels.TEAM_ROLE, vocabulary.TEAM_ROLES),
             (labels.REPORTER_KIND, vocabulary.REPORTER_KINDS), (labels.VIOLENCE_TYPE, vocabulary.VIOLENCE_TYPES),
             (labels.LEGAL_BASIS, vocabulary.LEGAL_BASES)]
    for shown, words in pairs:
        assert shown.keys() == words.keys()
    assert labels.CASE_STATE.keys() == set(workflows.CASE_WORKFLOW.state_names)
    assert labels.MEMBERSHIP_STATUS.keys() == set(workflows.TEAM_WORKFLOW.state_names)
    with app.test_request_context():
        with force_locale("nl"):
            assert str(labels.ORGANISATION_KIND["local_team"]) == "Lokaal (wijk)team"
            assert str(labels.CASE_STATE["safety"]) == "Fase 1: veiligheid"
        with force_locale("en"):
            assert str(labels.ORGANISATION_KIND["local_team"]) == "Local (district) team"
            assert str(labels.CASE_STATE["safety"]) == "Phase 1: safety"


def test_a_word_of_the_vocabulary_is_escaped_on_a_page(app):
    with app.test_request_context():
        html = render_template_string("{{ word }}", word=lazy_label(Label("<b>zorg & veiligheid</b>", "-")))
    assert html == "&lt;b&gt;zorg &amp; veiligheid&lt;/b&gt;"
