"""Retention: closed dossiers are purged after the region's period unless held; the purge is
logged without content; the job runs once per day whoever starts it, and catches up."""
from datetime import date, datetime, timezone

from sqlalchemy import func, select, update

from mda.audit.models import AccessLogEntry
from mda.demo.families import FAMILIES
from mda.demo import monitor_history
from mda.dossiers.models import Dossier, Person
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.jobs.models import JobRun
from mda.jobs.retention import years_after
from tests.support.web import form_post, login

FAMILY = "Gezin Smit"  # closed in the demo


def close_long_ago(app, when=datetime(2004, 3, 1, tzinfo=timezone.utc)):
    with app.app_context():
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.reference == FAMILY))
        db.session.execute(update(TransitionLog).where(TransitionLog.dossier_id == dossier_id,
                                                       TransitionLog.to_state == "closed").values(at=when))
        db.session.commit()
    return dossier_id


def run_jobs(app, today):
    return app.test_cli_runner().invoke(args=["mda", "run-jobs", "--today", today])


def test_a_dossier_past_its_retention_is_purged_and_the_purge_logged(app, demo):
    dossier_id = close_long_ago(app)
    result = run_jobs(app, "2026-11-24")
    assert result.exit_code == 0 and "retention: ok: 1" in result.output
    with app.app_context():
        assert db.session.get(Dossier, dossier_id) is None
        assert db.session.scalar(select(func.count(Person.id)).where(Person.dossier_id == dossier_id)) == 0
        purge = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.action == "purge"))
        assert purge.dossier_id == dossier_id and "retention 20 years after the end on 2004-03-01" in purge.detail
        assert "Smit" not in purge.detail
        assert db.session.scalar(select(func.count(Dossier.id))) == len(FAMILIES) + len(monitor_history.REFERENCES) - 1


def test_a_recent_or_held_dossier_is_kept(app, demo):
    assert "retention: ok: 0" in run_jobs(app, "2026-11-24").output  # closed recently
    dossier_id = close_long_ago(app)
    client = app.test_client()
    login(client, "regisseur")
    refused = form_post(client, f"/dossiers/{dossier_id}/bewaartermijn", {"until": "2020-01-01", "reason": "x"})
    assert refused.status_code == 422
    held = form_post(client, f"/dossiers/{dossier_id}/bewaartermijn",
                     {"until": "2031-06-30", "reason": "Tot het jongste kind 18 wordt."})
    assert held.status_code == 302
    assert "retention: ok: 0" in run_jobs(app, "2026-11-25").output
    assert "retention: ok: 1" in run_jobs(app, "2031-07-01").output


def test_the_job_runs_once_per_day_and_catches_up(app, demo):
    close_long_ago(app)
    assert "ok: 1" in run_jobs(app, "2026-11-24").output
    assert "already ran" in run_jobs(app, "2026-11-24").output  # a second process or a restart
    output = run_jobs(app, "2026-11-26").output  # after a day down: the missed day, then today
    assert "retention (2026-11-25): ok: 0" in output and "retention: ok: 0" in output
    with app.app_context():
        keys = db.session.scalars(select(JobRun.run_key).where(JobRun.job == "retention")
                                  .order_by(JobRun.run_key)).all()
    assert keys == ["2026-11-24", "2026-11-25", "2026-11-26"]


def test_the_access_log_stays_intact_after_a_purge(app, demo):
    close_long_ago(app)
    run_jobs(app, "2026-11-24")
    result = app.test_cli_runner().invoke(args=["mda", "verify-log"])
    assert result.exit_code == 0, result.output


def test_years_after_handles_leap_days():
    assert years_after(date(2004, 2, 29), 20) == date(2024, 2, 29)
    assert years_after(date(2004, 2, 29), 21) == date(2025, 2, 28)


def test_draft_and_declined_applications_are_purged_on_their_own_term(app, demo):
    from mda.intake.models import Application
    with app.app_context():
        draft = db.session.scalar(select(Application).where(Application.stage == "draft"))
        declined = db.session.scalar(select(Application).where(Application.stage == "not_accepted"))
        waiting = db.session.scalar(select(Application).where(Application.stage == "submitted"))
        draft.updated_at = datetime(2024, 3, 1, tzinfo=timezone.utc)
        declined.decided_at = datetime(2024, 3, 10, tzinfo=timezone.utc)
        waiting.created_at = datetime(2020, 1, 1, tzinfo=timezone.utc)  # still waiting: never purged
        ids = (draft.id, declined.id, waiting.id)
        db.session.commit()

    def steps(application_id):
        return db.session.scalars(select(TransitionLog.event).where(
            TransitionLog.workflow == "application", TransitionLog.object_id == application_id)).all()

    with app.app_context():
        assert "decline" in steps(ids[1]) and steps(ids[2]) == ["submit"]
    assert "application_retention: ok: 1" in run_jobs(app, "2026-03-05").output  # the draft: 2 years
    assert "application_retention: ok: 1" in run_jobs(app, "2026-03-10").output  # the declined one
    with app.app_context():
        assert [db.session.get(Application, i) is None for i in ids] == [True, True, False]
        assert (steps(ids[1]), steps(ids[2])) == ([], ["submit"])  # the decision's reason goes with it
        purges = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.action == "purge")
                                    .order_by(AccessLogEntry.id)).all()
        assert [p.object for p in purges] == [f"application:{ids[0]}", f"application:{ids[1]}"]
        assert "draft application, 2 years after the last change on 2024-03-01" in purges[0].detail
        assert "not_accepted application, 2 years after the decision on 2024-03-10" in purges[1].detail


def test_a_withdrawn_application_is_purged_on_the_term_from_its_withdrawal(app, demo):
    from mda.auth.models import User
    from mda.intake.models import Application
    from mda.intake.operations import withdraw_application
    with app.app_context():
        row = db.session.scalar(select(Application).where(Application.stage == "submitted"))
        applicant = db.session.scalar(select(User).where(User.organisation_id == row.organisation_id))
        withdraw_application(applicant, row, reason="Het gezin is verhuisd.")
        row.withdrawn_at = datetime(2024, 5, 2, tzinfo=timezone.utc)
        application_id = row.id
        db.session.commit()
    assert "application_retention: ok: 0" in run_jobs(app, "2026-05-01").output
    assert "application_retention: ok: 1" in run_jobs(app, "2026-05-02").output
    with app.app_context():
        assert db.session.get(Application, application_id) is None
        purge = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.action == "purge"))
        assert purge.object == f"application:{application_id}"
        assert purge.detail == "rule: withdrawn application, 2 years after the withdrawal on 2024-05-02"


def test_a_purge_erases_the_free_text_of_its_access_log_entries(app, demo):
    from mda.intake.models import Application
    client = app.test_client()
    login(client, "regisseur")
    client.get("/dossiers?q=Smit")  # the search term is logged with every family it showed
    dossier_id = close_long_ago(app)
    with app.app_context():
        draft = db.session.scalar(select(Application).where(Application.stage == "draft"))
        draft.updated_at = datetime(2004, 3, 1, tzinfo=timezone.utc)
        draft_id = draft.id
        db.session.commit()

        def texts(where):
            return db.session.scalars(select(AccessLogEntry.detail).where(where, AccessLogEntry.action != "purge")
                                      .order_by(AccessLogEntry.id)).all()  # (PostgreSQL moves updated rows)

        assert any("Smit" in text for text in texts(AccessLogEntry.dossier_id == dossier_id))
        assert any(texts(AccessLogEntry.object == f"application:{draft_id}"))
        other = texts(AccessLogEntry.dossier_id != dossier_id)
    run_jobs(app, "2026-11-24")
    with app.app_context():
        assert set(texts(AccessLogEntry.dossier_id == dossier_id)) == {""}
        assert set(texts(AccessLogEntry.object == f"application:{draft_id}")) == {""}
        assert texts(AccessLogEntry.dossier_id != dossier_id)[:len(other)] == other  # other entries keep theirs
    result = app.test_cli_runner().invoke(args=["mda", "verify-log"])
    assert result.exit_code == 0, result.output
