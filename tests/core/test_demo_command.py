"""`flask mda demo`: builds the demo region, never touches real data without --reset."""
from sqlalchemy import func, select

from config import TestConfig
from mda import create_app

from mda.auth.models import User
from mda.dossiers.models import Dossier
from mda.extensions import db
from tests import factories as make


def run(app, *args):
    return app.test_cli_runner().invoke(args=["mda", "demo", *args])


def dossier_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Dossier.id)))


def test_demo_builds_the_region_and_prints_logins(app):
    result = run(app, "--password", "geheime demozin voor de test")
    assert result.exit_code == 0, result.output
    for username in ("regisseur", "veiligthuis", "politie", "wijkteam", "zvh", "ggz", "reclassering",
                     "school", "stuurgroep", "beheer", "buiten"):
        assert username in result.output
    assert "geheime demozin voor de test" in result.output
    assert dossier_count(app) >= 12


def test_demo_if_new_keeps_an_existing_demo(app):
    run(app)
    with app.app_context():
        db.session.scalar(select(Dossier)).summary = "kept"
        db.session.commit()
    result = run(app, "--if-new")
    assert result.exit_code == 0 and "already loaded" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Dossier.summary == "kept")) == 1


def test_demo_refuses_real_data_unless_reset(app):
    with app.app_context():
        reg = make.region("Regio Echt")
        coordinator = make.user(make.organisation(reg, "Wijkteam Echt"), "echt", "coordinator")
        make.dossier(coordinator, "Gezin Echt")
        db.session.commit()
    refused = run(app)
    assert refused.exit_code != 0 and "not demo data" in refused.output
    assert dossier_count(app) == 1
    assert run(app, "--if-new").exit_code == 0 and dossier_count(app) == 1
    assert run(app, "--reset").exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Dossier.reference == "Gezin Echt")) == 0


def test_demo_keeps_work_added_to_the_demo_region_unless_reset(app):
    assert run(app).exit_code == 0
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.username == "regisseur"))
        make.dossier(coordinator, "Gezin Nieuw Toegevoegd")
        db.session.commit()
    refused = run(app)
    assert refused.exit_code != 0 and "Nothing was changed" in refused.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Dossier.reference == "Gezin Nieuw Toegevoegd")) == 1
    assert run(app, "--reset").exit_code == 0


def test_demo_refuses_a_weak_password(app):
    for weak, reason in (("x", "at least 12 characters"), ("geheim", "at least 12 characters"),
                         ("Password1234", "most common"), ("qwertyuiopas", "most common")):
        result = run(app, "--password", weak)
        assert result.exit_code != 0 and reason in result.output, (weak, result.output)
    assert dossier_count(app) == 0


def test_the_documented_demo_password_stays_in_demo_mode_only(app, database_url):
    assert app.config["DEMO_MODE"]
    assert run(app, "--password", "demo").exit_code == 0 and dossier_count(app) >= 12
    strict = TestConfig(database_url)
    strict.DEMO_MODE = False
    outside = create_app(strict)
    for args in ((), ("--password", "demo")):
        result = run(outside, "--reset", *args)
        assert result.exit_code != 0 and "only for demo mode" in result.output
    assert run(outside, "--reset", "--password", "een lange zin als wachtwoord").exit_code == 0
    with outside.app_context():
        db.engine.dispose()
