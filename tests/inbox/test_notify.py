"""notify: one item per user per event, and each user hears of it as they chose for its kind."""
import pytest
from sqlalchemy import select

from mda.extensions import db
from mda.inbox.models import InboxItem, OutboxMail
from mda.inbox.operations import notify, save_preferences
from mda.auth.models import User
from tests.inbox.conftest import items_of, outbox


def test_one_event_gives_each_user_one_item(app, region_setup):
    with app.app_context():
        for _ in range(2):
            notify("task_assigned", url="/taken/1", key="task_assigned:task:1", organisation_ids=[region_setup["team"]],
                   users=[region_setup["coord"]], dossier_id=region_setup["dossier"])
        db.session.commit()
    assert [i.key for i in items_of(app, region_setup["coord"])] == ["task_assigned:task:1"]
    assert [i.key for i in items_of(app, region_setup["collega"])] == ["task_assigned:task:1"]
    assert items_of(app, region_setup["ingrid"]) == []


def test_an_unknown_kind_is_refused(app, region_setup):
    with app.app_context(), pytest.raises(ValueError):
        notify("gossip", url="/", key="x", users=[region_setup["coord"]])


def test_urgent_kinds_are_mailed_at_once_and_the_rest_wait_for_the_digest(app, region_setup):
    with app.app_context():
        [urgent] = notify("acute_signal", url="/dossiers/1", key="acute_signal:signal:1", users=[region_setup["coord"]])
        [later] = notify("task_assigned", url="/taken/1", key="task_assigned:task:1", users=[region_setup["coord"]])
        db.session.commit()
        urgent_id, later_id = urgent.id, later.id
    [mail] = outbox(app)
    assert (mail.key, mail.address, mail.sent_at, mail.attempts) == (f"item:{urgent_id}", "coord@example.org", None, 0)
    items = {i.id: i for i in items_of(app, region_setup["coord"])}
    assert (items[urgent_id].delivery, items[urgent_id].mail_id) == ("now", mail.id)
    assert (items[later_id].delivery, items[later_id].mail_id) == ("digest", None)


def test_each_user_chooses_per_kind(app, region_setup):
    with app.test_request_context():
        coord = db.session.get(User, region_setup["coord"])
        save_preferences(coord, {"task_assigned": "now", "acute_signal": "app"}, "regie@example.org")
        notify("acute_signal", url="/dossiers/1", key="acute_signal:signal:1", users=[coord])
        notify("task_assigned", url="/taken/1", key="task_assigned:task:1", users=[coord])
        db.session.commit()
    assert [i.delivery for i in items_of(app, region_setup["coord"])] == ["app", "now"]
    assert [m.address for m in outbox(app)] == ["regie@example.org"]


def test_without_an_address_of_their_own_mail_goes_to_the_organisation_and_without_any_it_stays_in_the_app(
        app, region_setup):
    with app.app_context():
        db.session.get(User, region_setup["juf"]).email = None
        notify("acute_signal", url="/dossiers/1", key="k", users=[region_setup["agent"], region_setup["juf"]])
        db.session.commit()
    assert [m.address for m in outbox(app)] == ["politie@example.org"]
    assert [i.delivery for i in items_of(app, region_setup["juf"])] == ["app"]


def test_a_mail_says_only_that_there_is_something_with_a_link(app, region_setup):
    with app.app_context():
        [item] = notify("acute_signal", url=f"/dossiers/{region_setup['dossier']}", key="acute_signal:signal:9",
                        users=[region_setup["coord"]], dossier_id=region_setup["dossier"])
        db.session.commit()
        item_id = item.id
    [mail] = outbox(app)
    assert mail.subject == "Er staat iets voor u klaar in MDA++"
    assert f"http://mda.test/inbox/{item_id}\n" in mail.body
    assert "Er staat iets voor u klaar in MDA++." in mail.body
    for private in ("Gezin", "Eerste", "Ria", "Coord", "coord@", "Acuut", "signaal", "/dossiers/"):
        assert private not in mail.body and private not in mail.subject


def test_an_event_of_another_day_is_dated_that_day(app, region_setup):
    from datetime import date, timedelta

    from mda.core import clock
    with app.app_context():
        day = clock.today() - timedelta(days=10)
        [item] = notify("task_assigned", url="/taken/1", key="k", users=[region_setup["coord"]], today=day)
        db.session.commit()
        stored = db.session.scalar(select(InboxItem.created_at).where(InboxItem.id == item.id))
    assert stored.date() == day and isinstance(day, date)
    with app.app_context():
        assert db.session.scalar(select(OutboxMail.id)) is None


def test_colleagues_who_share_their_organisations_address_share_one_mail(app, region_setup):
    from datetime import timedelta

    import time_machine

    from mda.core import clock
    from mda.inbox.mail import queue_digests
    from tests import factories as make
    with app.app_context():
        police = db.session.get(make.Organisation, region_setup["police"])
        second = make.user(police, "agent2").id
        notify("acute_signal", url="/dossiers/1", key="acute", organisation_ids=[region_setup["police"]])
        notify("task_overdue", url="/taken/1", key="late", users=[region_setup["agent"], second])
        db.session.commit()
    [at_once] = outbox(app)
    assert (at_once.address, at_once.user_id) == ("politie@example.org", None)
    assert "http://mda.test/inbox\n" in at_once.body  # not one colleague's item: the inbox
    with time_machine.travel(clock.now() + timedelta(days=1), tick=False), app.app_context():
        queue_digests()
        db.session.commit()
    [_, digest] = outbox(app)
    assert digest.address == "politie@example.org" and digest.key.startswith("digest:")
    assert {item.mail_id for item in items_of(app, second) + items_of(app, region_setup["agent"])} == {
        at_once.id, digest.id}
