"""The inbox in the browser's place: the unread count on every page, opening an item, marking all
read, pages of 50 at a fixed number of queries, the choices per kind, the region's digest time."""
from datetime import timedelta

from sqlalchemy import event, insert, select

from mda.core import clock
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.inbox.operations import notify
from mda.orgs.models import Region
from tests.inbox.conftest import PASSWORD, items_of
from tests.support.web import csrf_token, form_post, login


def add_items(app, user_id, count, dossier_id=None):
    """``count`` items, one a minute, the newest now."""
    now = clock.utcnow()
    with app.app_context():
        db.session.execute(insert(InboxItem), [
            {"user_id": user_id, "kind": "task_assigned", "url": f"/taken/{n}", "key": f"task_assigned:task:{n}",
             "dossier_id": dossier_id, "created_at": now - timedelta(minutes=count - n), "delivery": "app"}
            for n in range(count)])
        db.session.commit()


def test_the_header_shows_the_unread_count_on_every_page(app, client, region_setup):
    add_items(app, region_setup["coord"], 3)
    login(client, "coord", PASSWORD)
    for path in ("/taken", "/dossiers", f"/dossiers/{region_setup['dossier']}", "/inbox", "/hulp/werkwijze"):
        html = client.get(path).get_data(as_text=True)
        assert '<span class="site-inbox__count" aria-hidden="true">3</span>' in html, path
        assert "(3 ongelezen)" in html, path


def test_opening_an_item_marks_it_read_and_goes_where_the_work_is(app, client, region_setup):
    with app.app_context():
        [item] = notify("task_declined", url="/taken/7", key="task_declined:task:7", users=[region_setup["coord"]])
        [other] = notify("task_declined", url="/taken/7", key="task_declined:task:7", users=[region_setup["ingrid"]])
        db.session.commit()
        item_id, other_id = item.id, other.id
    login(client, "coord", PASSWORD)
    html = client.get("/inbox").get_data(as_text=True)
    assert "Taak afgewezen" in html and f'href="/inbox/{item_id}"' in html and "ongelezen" in html
    response = client.get(f"/inbox/{item_id}")
    assert response.status_code == 302 and response.headers["Location"] == "/taken/7"
    assert items_of(app, region_setup["coord"])[0].read_at is not None
    assert "site-inbox__count" not in client.get("/inbox").get_data(as_text=True)
    assert client.get(f"/inbox/{other_id}").status_code == 404  # someone else's: as if it did not exist
    assert items_of(app, region_setup["ingrid"])[0].read_at is None


def test_mark_all_read(app, client, region_setup):
    add_items(app, region_setup["coord"], 4)
    login(client, "coord", PASSWORD)
    page = client.get("/inbox").get_data(as_text=True)
    assert "U heeft 4 ongelezen berichten." in page
    assert client.post("/inbox/alles-gelezen", data={}).status_code == 400  # no CSRF token
    response = client.post("/inbox/alles-gelezen", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    html = client.get("/inbox").get_data(as_text=True)
    assert "4 berichten als gelezen gemarkeerd." in html and "U heeft geen ongelezen berichten." in html
    assert all(item.read_at for item in items_of(app, region_setup["coord"]))
    assert "Niets ongelezen" in client.get("/inbox?toon=ongelezen").get_data(as_text=True)


def page_links(html):
    import re
    return re.findall(r'href="/inbox/(\d+)"', html), re.search(r'rel="next" href="([^"]+)"', html)


def test_pages_of_fifty_newest_first_each_item_once(app, client, region_setup):
    add_items(app, region_setup["coord"], 120)
    login(client, "coord", PASSWORD)
    seen, url, pages = [], "/inbox", 0
    while url:
        html = client.get(url.replace("&amp;", "&")).get_data(as_text=True)
        ids, following = page_links(html)
        seen += ids
        pages += 1
        url = following.group(1) if following else None
    with app.app_context():
        newest_first = [str(i) for i in db.session.scalars(select(InboxItem.id).where(
            InboxItem.user_id == region_setup["coord"]).order_by(InboxItem.created_at.desc()))]
    assert pages == 3 and seen == newest_first


def statements_for(app, client, url):
    count = []

    def counter(*args):
        count.append(1)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return len(count)


def test_a_page_costs_the_same_queries_for_ten_items_or_a_thousand(app, client, region_setup):
    add_items(app, region_setup["coord"], 10, region_setup["dossier"])
    login(client, "coord", PASSWORD)
    few = statements_for(app, client, "/inbox")
    add_items(app, region_setup["ingrid"], 1)  # another user's items count for nothing
    with app.app_context():
        db.session.execute(InboxItem.__table__.delete())
        db.session.commit()
    add_items(app, region_setup["coord"], 1000, region_setup["dossier"])
    many = statements_for(app, client, "/inbox")
    assert few == many


def test_the_family_is_named_only_to_whom_may_see_it(app, client, region_setup):
    with app.app_context():
        for name in ("coord", "juf"):
            notify("school_signal", url="/taken/1", key="school_signal:task:1", users=[region_setup[name]],
                   dossier_id=region_setup["dossier"])
        db.session.commit()
    login(client, "coord", PASSWORD)
    assert "Gezin Eerste" in client.get("/inbox").get_data(as_text=True)
    school = app.test_client()
    login(school, "juf", PASSWORD)
    html = school.get("/inbox").get_data(as_text=True)
    assert "Handle with Care: signaal voor de school" in html and "Gezin Eerste" not in html


def checked(html: str, name: str) -> str:
    import re
    [value] = [re.search(r'value="([^"]*)"', tag).group(1) for tag in re.findall(r"<input[^>]*>", html)
               if f'name="{name}"' in tag and tag.startswith("<input checked")]
    return value


def test_choosing_how_to_hear_of_each_kind(app, client, region_setup):
    login(client, "coord", PASSWORD)
    html = client.get("/inbox/voorkeuren").get_data(as_text=True)
    assert (checked(html, "acute_signal"), checked(html, "task_assigned")) == ("now", "digest")
    from workflows import NOTIFICATION_KINDS
    choices = {kind: "digest" for kind in NOTIFICATION_KINDS} | {"task_assigned": "app"}
    refused = form_post(client, "/inbox/voorkeuren", {**choices, "email": "geen adres"}, hidden=())
    assert refused.status_code == 422 and "Vul een e-mailadres in" in refused.get_data(as_text=True)
    saved = form_post(client, "/inbox/voorkeuren", {**choices, "email": "m.dewit@example.org"}, hidden=())
    assert saved.status_code == 302
    html = client.get("/inbox/voorkeuren").get_data(as_text=True)
    assert (checked(html, "acute_signal"), checked(html, "task_assigned")) == ("digest", "app")
    assert 'value="m.dewit@example.org"' in html


def test_the_administrator_sets_the_digest_time_and_a_time_that_does_not_exist_is_refused(app, client, region_setup):
    login(client, "beheer", PASSWORD)
    assert 'value="07:30"' in client.get("/beheer/e-mail").get_data(as_text=True)
    for wrong in ("25:00", "07:75", "half acht", ""):
        refused = form_post(client, "/beheer/e-mail", {"digest_time": wrong}, hidden=())
        assert refused.status_code == 422, wrong
    assert "25:00 is geen tijdstip" in form_post(client, "/beheer/e-mail", {"digest_time": "25:00"},
                                                 hidden=()).get_data(as_text=True)
    with app.app_context():
        assert str(db.session.get(Region, region_setup["region"]).digest_time) == "07:30:00"
    assert form_post(client, "/beheer/e-mail", {"digest_time": "6.45"}, hidden=()).status_code == 302
    with app.app_context():
        assert str(db.session.get(Region, region_setup["region"]).digest_time) == "06:45:00"
    other = app.test_client()
    login(other, "coord", PASSWORD)
    assert other.get("/beheer/e-mail").status_code == 404
