"""Sending the outbox through a real SMTP server started by the test: what arrives, a server that
refuses (the mail stays with its error and is tried again later, ever later, until it is given up),
a server that never answers, and a web request that never waits for any of it."""
import time
from datetime import timedelta

import pytest
import time_machine

from mda.core import clock
from mda.extensions import db
from mda.inbox.mail import retry_delay, send_due
from mda.auth.models import User
from mda.inbox.operations import notify, save_preferences
from tests.inbox.conftest import PASSWORD, outbox
from tests.support.smtp import Keeper, Refuser, silent_server, smtp_server
from tests.support.web import form_post, login


@pytest.fixture
def smtp_config(app):
    saved = {name: app.config.get(name) for name in ("SMTP_HOST", "SMTP_PORT", "SMTP_TLS", "SMTP_TIMEOUT",
                                                      "SMTP_FROM", "MAIL_MAX_ATTEMPTS")}

    def configure(port, timeout=5, attempts=12):
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TLS="none", SMTP_TIMEOUT=timeout,
                          SMTP_FROM="MDA++ <noreply@mda.test>", MAIL_MAX_ATTEMPTS=attempts)
    yield configure
    app.config.update(saved)


def urgent(app, setup, *names):
    with app.app_context():
        for name in names:
            notify("acute_signal", url=f"/dossiers/{setup['dossier']}", key=f"acute_signal:signal:{name}",
                   users=[setup[name]], dossier_id=setup["dossier"])
        db.session.commit()


def send(app):
    with app.app_context():
        return send_due()


def test_without_a_mail_server_the_mails_wait(app, region_setup):
    urgent(app, region_setup, "coord")
    assert send(app) == "SMTP_HOST not set: 1 mails waiting"
    [mail] = outbox(app)
    assert mail.sent_at is None and mail.attempts == 0


def test_the_outbox_is_sent_once_and_what_arrives_says_nothing_about_the_family(app, region_setup, smtp_config):
    urgent(app, region_setup, "coord", "ingrid", "agent")
    keeper = Keeper()
    with smtp_server(keeper) as port:
        smtp_config(port)
        assert send(app) == "3 sent"
        assert send(app) == "0 sent"
    assert sorted(to for (to,), _ in keeper.messages) == ["coord@example.org", "ingrid@example.org",
                                                            "politie@example.org"]
    for _, message in keeper.messages:
        assert message["Subject"] == "Er staat iets voor u klaar in MDA++"
        assert message["From"] == "MDA++ <noreply@mda.test>" and message["Auto-Submitted"] == "auto-generated"
        body = message.get_payload(decode=True).decode()
        assert "http://mda.test/inbox/" in body and "Gezin" not in body and "Eerste" not in body
    assert all(mail.sent_at is not None and mail.attempts == 1 for mail in outbox(app))


def test_a_refusing_server_leaves_the_mail_in_the_outbox_to_be_tried_again_later(app, region_setup, smtp_config):
    urgent(app, region_setup, "coord")
    start = clock.now()
    with smtp_server(Refuser()) as port, time_machine.travel(start, tick=False) as traveller:
        smtp_config(port, attempts=4)
        waits = []
        for attempt in range(1, 5):
            assert send(app) == "0 sent, 1 failed"
            [mail] = outbox(app)
            assert mail.attempts == attempt and "550" in mail.last_error and mail.sent_at is None
            if attempt < 4:
                next_at = mail.next_attempt_at.replace(tzinfo=None)
                waits.append(round((next_at - clock.utcnow().replace(tzinfo=None)).total_seconds()))
                assert send(app) == "0 sent"  # not due yet: nothing is tried
                traveller.shift(retry_delay(attempt) + timedelta(seconds=1))
        [mail] = outbox(app)
        assert mail.failed_at is not None  # given up after MAIL_MAX_ATTEMPTS
        assert send(app) == "0 sent"
    assert waits == [60, 120, 240]


def test_a_mail_refused_once_goes_out_when_the_server_accepts_again(app, region_setup, smtp_config):
    urgent(app, region_setup, "coord")
    with time_machine.travel(clock.now(), tick=False) as traveller:
        with smtp_server(Refuser()) as port:
            smtp_config(port)
            send(app)
        traveller.shift(timedelta(minutes=2))
        keeper = Keeper()
        with smtp_server(keeper) as port:
            smtp_config(port)
            assert send(app) == "1 sent"
    [mail] = outbox(app)
    assert (mail.attempts, mail.last_error, len(keeper.messages)) == (2, "", 1)


def test_a_server_that_does_not_answer_times_out_and_the_mail_stays(app, region_setup, smtp_config):
    urgent(app, region_setup, "coord")
    with silent_server() as port:
        smtp_config(port, timeout=0.5)
        started = time.monotonic()
        assert send(app).startswith("0 sent, 1 failed")
        assert time.monotonic() - started < 5
    [mail] = outbox(app)
    assert mail.attempts == 1 and "timed out" in mail.last_error and mail.sent_at is None


def test_the_web_app_never_waits_for_the_mail_server(app, region_setup, smtp_config):
    """A step that mails at once only writes to the outbox: the request is done before any server
    is asked (here one that would keep the sender waiting 5 seconds)."""
    from tests.inbox.test_triggers import new_task
    with app.test_request_context():
        save_preferences(db.session.get(User, region_setup["coord"]), {"task_declined": "now"}, "coord@example.org")
        db.session.commit()
    task_id = new_task(app, region_setup, "police")
    with silent_server() as port:
        smtp_config(port, timeout=5)
        agent = app.test_client()
        login(agent, "agent", PASSWORD)
        started = time.monotonic()
        response = form_post(agent, f"/taken/{task_id}", {"event": "decline", "reason": "Niet onze taak."})
        assert response.status_code == 302 and time.monotonic() - started < 2
    [mail] = outbox(app)
    assert (mail.address, mail.sent_at, mail.attempts) == ("coord@example.org", None, 0)
