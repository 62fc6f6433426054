"""The intake record and the conferences as sections of the dossier page: a fixed number of
queries, and only for those who see the dossier."""
from flask import render_template
from sqlalchemy import delete, select

from mda.auth.models import User
from mda.conferences.section import dossier_section as conference_section
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.intake.models import Application
from mda.intake.section import dossier_section as intake_section
from tests.support.web import QueryCounter


def sections(app, reference: str, username: str) -> tuple[str, int]:
    with app.test_request_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == reference))
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expire_all()
        dossier = db.session.get(Dossier, dossier.id)
        user.organisation  # noqa: B018  (loaded like the logged-in user)
        with QueryCounter(db.engine) as counter:
            parts = [(f"{name}/_section.html", section(dossier, user, "nl"))
                     for name, section in (("intake", intake_section), ("conferences", conference_section))]
        html = "".join(render_template(template, dossier=dossier, section=context)
                       for template, context in parts if context is not None)
        return html, counter.count


def test_the_sections_use_a_fixed_number_of_queries(app, demo):
    with app.app_context():  # Öztürk as if registered without the demo's accepted application
        oztürk = db.session.scalar(select(Dossier.id).where(Dossier.reference == "Gezin Öztürk"))
        db.session.execute(delete(Application).where(Application.dossier_id == oztürk))
        db.session.commit()
    empty_html, empty = sections(app, "Gezin Öztürk", "regisseur")
    full_html, full = sections(app, "Gezin Meijer-Nowak", "wijkteam")
    assert empty == full, (empty, full)
    assert "rechtstreeks geregistreerd" in empty_html and "Dit gezin aanmelden voor MDA++" in empty_html
    assert "verslag vastgesteld" in full_html and "Casusoverleg plannen" in full_html
    linked_html, _count = sections(app, "Gezin Ramdin", "wijkteam")
    assert "Aanmelding door Veilig Thuis Regio Voorbeeld" in linked_html and "Geaccepteerd voor MDA++" in linked_html


def test_a_partner_sees_the_conferences_but_may_not_plan_one(app, demo):
    html, _count = sections(app, "Gezin Meijer-Nowak", "politie")
    assert "verslag vastgesteld" in html and "Casusoverleg plannen" not in html
