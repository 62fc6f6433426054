"""A production region starts from the command line: ``flask mda create-region`` makes the region,
its Zorg- en Veiligheidshuis and the first administrator, who then logs in and lands on the
administration page. A weak password or a name in use creates nothing."""
from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.auth.models import User
from mda.extensions import db
from mda.orgs.models import Organisation, Region
from tests.support.web import login

PASSWORD = "een lange zin om mee te beginnen"
ARGS = ["mda", "create-region", "--region", "Regio Utrecht", "--organisation", "ZVH Regio Utrecht",
        "--username", "Beheer.Utrecht", "--full-name", "Sam de Beheerder", "--email", "beheer@example.org"]


def counts(app):
    with app.app_context():
        return [db.session.scalar(select(func.count(model.id))) for model in (Region, Organisation, User)]


def test_the_first_administrator_logs_in_and_lands_on_the_administration(app, client):
    result = app.test_cli_runner().invoke(args=ARGS, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "beheer.utrecht" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "beheer.utrecht"))
        assert (user.role, user.organisation.kind, user.organisation.region.name) == ("admin", "zvh", "Regio Utrecht")
        assert not user.must_change_password  # the operator typed it
        assert db.session.scalar(select(func.count(AccessLogEntry.id)).where(
            AccessLogEntry.object == f"user.created:{user.id}")) == 1
    response = login(client, "beheer.utrecht", PASSWORD)
    assert response.location == "/beheer"
    page = client.get("/beheer")
    assert page.status_code == 200 and "Regio Utrecht" in page.get_data(as_text=True)


def test_a_weak_password_or_a_name_in_use_creates_nothing(app):
    before = counts(app)
    weak = app.test_cli_runner().invoke(args=[*ARGS, "--password", "welkom123"])
    assert weak.exit_code != 0 and "Nothing was created" in weak.output
    assert counts(app) == before
    assert app.test_cli_runner().invoke(args=[*ARGS, "--password", PASSWORD]).exit_code == 0
    again = app.test_cli_runner().invoke(args=[*ARGS, "--username", "iemand.anders", "--password", PASSWORD])
    assert again.exit_code != 0 and "region of this name exists already" in again.output
    assert counts(app)[0] == before[0] + 1
