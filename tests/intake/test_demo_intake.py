"""The demo region holds applications at every stage and conferences before and after; their
names are the demo's own and stay with those who may see them."""
from sqlalchemy import select

from mda.conferences.models import Conference
from mda.demo.families import FAMILIES, _texts
from mda.demo.intake import REAPPLIED, REFERENCES
from mda.extensions import db
from mda.intake.models import Application, ApplicationPerson
from tests.support.web import login


def demo_names(app) -> dict[str, list[str]]:
    with app.app_context():
        rows = db.session.execute(select(Application.family_reference, ApplicationPerson.name)
                                  .join(ApplicationPerson, ApplicationPerson.application_id == Application.id)).all()
    names = {}
    for reference, name in rows:
        names.setdefault(reference, [reference]).append(name)
    return names


def test_the_demo_holds_applications_at_every_stage(app, demo):
    with app.app_context():
        rows = {a.family_reference: a for a in db.session.scalars(select(Application))}
        assert {a.stage for a in rows.values()} == {"draft", "submitted", "planned", "accepted", "not_accepted"}
        ramdin = rows["Gezin Ramdin"]
        assert ramdin.for_existing_dossier and ramdin.stage == "accepted" and ramdin.family_informed_on
        assert rows["Gezin Bergsma"].advice and rows["Gezin Groenewoud"].meeting is not None
        conferences = list(db.session.scalars(select(Conference)))
        assert {c.stage for c in conferences} == {"planned", "held"}
        held = next(c for c in conferences if c.stage == "held")
        assert held.current_minutes.stage == "approved" and all(d.task_id for d in held.current_minutes.decisions
                                                                  if d.kind != "agreement")
        planned = next(c for c in conferences if c.stage == "planned")
        assert planned.review is not None and planned.review.status == "open"


def test_demo_application_names_are_found_in_no_family(app, demo):
    # Applications for a family's own dossier carry its names, and so does the known family that
    # was applied for again (the radar's demo).
    own = {f["reference"] for f in FAMILIES} | {REAPPLIED}
    names = [name for reference, group in demo_names(app).items() if reference not in own for name in group]
    assert set(REFERENCES) - {REAPPLIED} <= set(names) and REAPPLIED in demo_names(app)
    family_names = [n for f in FAMILIES for n in [f["reference"]] + [p["name"] for p in f["persons"]]]
    texts = [t for f in FAMILIES for t in _texts(f)]
    for name in names:
        assert not any(name in other or other in name for other in family_names), name
        assert not any(name in text for text in texts), name


def test_applications_stay_with_the_applicant_and_the_triage_members(app, demo):
    names = demo_names(app)
    with app.app_context():
        waiting_id = db.session.scalar(select(Application.id).where(Application.family_reference == "Gezin Tahiri"))
        draft_id = db.session.scalar(select(Application.id).where(Application.family_reference == "Gezin Zwanenburg"))
    for username, sees in (("zvh", True), ("veiligthuis", True), ("ggz", True), ("politie", False),
                           ("opvang", False), ("regisseur", False), ("school", False), ("buiten", False)):
        client = app.test_client()
        login(client, username)
        pages = "".join(client.get(path).get_data(as_text=True) for path in ("/aanmeldingen", "/triage", "/agenda",
                                                                            "/taken"))
        assert ("Gezin Tahiri" in pages) == sees, username
        page = client.get(f"/aanmeldingen/{waiting_id}")
        assert page.status_code == (200 if sees else 404), username
        assert all(name in page.get_data(as_text=True) for name in names["Gezin Tahiri"]) == sees, username
        assert "Gezin Zwanenburg" not in pages or username == "politie"
        assert client.get(f"/aanmeldingen/{draft_id}").status_code == (200 if username == "politie" else 404)


def test_the_nav_shows_triage_to_its_members_only(app, demo):
    for username, shows in (("zvh", True), ("veiligthuis", True), ("politie", False), ("regisseur", False)):
        client = app.test_client()
        login(client, username)
        html = client.get("/aanmeldingen").get_data(as_text=True)
        assert ('href="/triage"' in html) == shows, username
        assert 'href="/agenda"' in html
