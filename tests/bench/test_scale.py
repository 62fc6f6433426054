"""``python -m bench scale``: each run verifies the log the generator made, not one that grew with
every earlier run."""
from mda.audit.chain import verify
from mda.audit.log import record
from mda.audit.sequencer import sequence
from mda.extensions import db


def test_a_run_forgets_the_entries_earlier_runs_left_waiting_and_keeps_the_chain(app_ctx, capsys):
    from bench.scale import _forget_earlier_runs

    for n in range(3):
        record("view", dossier_id=n + 1, object="dossier")
    db.session.commit()
    sequence(db.session)  # the generated log: linked
    for n in range(5):
        record("view", dossier_id=n + 1, object="bench")  # served by a run without the scheduler
    db.session.commit()
    assert verify(db.session).waiting == 5

    assert _forget_earlier_runs() == 5

    verdict = verify(db.session)
    assert verdict.intact and verdict.checked == 3 and verdict.waiting == 0
    assert "forgot 5 access-log entries" in capsys.readouterr().out
