"""The trend of the safety scores: a server-drawn SVG without script, the same figures as an
accessible table, and a dossier page whose query count does not grow with the reviews."""
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.reviews.models import PartnerScore, RiskAssessment, SafetyReview
from tests.reviews.support import dutch_day
from tests.support.web import QueryCounter

SVG = "{http://www.w3.org/2000/svg}"


def add_reviews(app, dossier_id, count, start=date(2025, 1, 6), skip_every=3):
    """``count`` closed reviews, two weeks apart, scored by every team partner but now and then one."""
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_id)
        partners = [m.organisation_id for m in dossier.active_memberships]
        for n in range(count):
            review = SafetyReview(dossier_id=dossier_id, phase="safety", status="closed",
                                  held_on=start + timedelta(weeks=2 * n), team_score=(3 + n) % 11,
                                  rationale=f"Review {n}", author_id=dossier.coordinator_id,
                                  closed_at=clock.utcnow())
            for i, org_id in enumerate(partners):
                if (n + i) % skip_every:
                    review.partner_scores.append(PartnerScore(organisation_id=org_id, score=(n + 2 * i) % 11,
                                                              rationale="Score.", user_id=dossier.coordinator_id))
            db.session.add(review)
        db.session.add(RiskAssessment(dossier_id=dossier_id, instrument="arij", assessed_on=start,
                                      outcome="Zorgen om de kinderen.", author_id=dossier.coordinator_id,
                                      organisation_id=dossier.coordinator.organisation_id))
        db.session.commit()


def text_of(cell: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def trend_table(html: str) -> tuple[list[str], list[list[str]]]:
    table = html[html.index("Veiligheidsscores per evaluatie"):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    cells = [[text_of(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]
    return cells[0], cells[1:]


def chart_series(svg: bytes) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The legend, and each series with dots by its name: x label -> value."""
    root = ET.fromstring(svg)
    legends = [g.find(f"{SVG}text").text for g in root.iter(f"{SVG}g") if g.get("class") == "legend"]
    series = {}
    for group in root.iter(f"{SVG}g"):
        match = re.search(r"\bserie-(\d+)\b", group.get("class", ""))
        if not match:
            continue
        for dots in group.iter(f"{SVG}g"):
            if dots.get("class") == "dots":
                values = {d.get("class"): d.text for d in dots.iter(f"{SVG}desc")}
                series.setdefault(legends[int(match.group(1))], {})[values["x_label"]] = values["value"]
    return legends, series


def test_the_trend_chart_and_its_table_show_the_same_figures(app, family, as_user):
    add_reviews(app, family, 4)
    client = as_user("veiligthuis")
    html = client.get(f"/dossiers/{family}").get_data(as_text=True)
    assert f'<img src="/dossiers/{family}/veiligheidsscores.svg"' in html
    assert 'alt="Grafiek van de veiligheidsscores' in html
    assert "<style" not in html and " style=" not in html and "<script" not in html

    response = client.get(f"/dossiers/{family}/veiligheidsscores.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}script"))
    assert not [e for e in root.iter() if "tooltip" in e.get("class", "")]
    assert b"<?xml" not in response.data

    header, rows = trend_table(html)
    assert header[:3] == ["Datum", "Fase", "Teamscore"]
    with app.app_context():
        reviews = db.session.scalars(select(SafetyReview).where(SafetyReview.dossier_id == family)
                                     .order_by(SafetyReview.held_on)).all()
        days = [r.held_on for r in reviews]
    assert [row[0] for row in rows] == [dutch_day(day) for day in days]  # the demo's review of 4 included
    legends, series = chart_series(response.data)
    labels = [day.strftime("%d-%m-%Y") for day in days]
    assert legends == ["Teamscore", *header[3:], "Drempel (6)"]
    for column, name in enumerate(header[2:], start=2):
        from_table = [row[column] for row in rows]
        from_chart = [series[name].get(label, "— geen score") for label in labels]
        assert from_table == from_chart, name
    assert any("— geen score" in row for row in rows)
    with app.app_context():
        assert db.session.scalar(select(AccessLogEntry.id).where(
            AccessLogEntry.username == "veiligthuis", AccessLogEntry.object == "review.trend_chart"))


def test_an_empty_trend_draws_no_chart(app, family, as_user):
    with app.app_context():
        db.session.query(SafetyReview).filter_by(dossier_id=family).delete()
        db.session.commit()
    client = as_user("regisseur")
    html = client.get(f"/dossiers/{family}").get_data(as_text=True)
    assert "Er is nog geen veiligheidsscore vastgesteld." in html and "veiligheidsscores.svg" not in html
    response = client.get(f"/dossiers/{family}/veiligheidsscores.svg")
    assert response.status_code == 200 and b"Nog geen veiligheidsscore vastgesteld" in response.data


def test_the_dossier_page_uses_a_fixed_number_of_queries(app, family, as_user):
    client = as_user("regisseur")
    with app.app_context():
        engine = db.engine
    counts = []
    for count in (1, 19):  # 3 reviews with the demo's two (before and after the relapse), then 22
        add_reviews(app, family, count, start=date(2024, 1, 1) if counts else date(2023, 1, 1))
        client.get(f"/dossiers/{family}")
        with QueryCounter(engine) as counter:
            html = client.get(f"/dossiers/{family}").get_data(as_text=True)
        counts.append(counter.count)
    assert html.count('scope="row"><a class="utrecht-link" href="/dossiers/') == 22
    assert counts[0] == counts[1], counts
