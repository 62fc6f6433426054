"""`flask --app wsgi mda ...`: commands for operators."""
import click
from flask.cli import AppGroup

from mda.extensions import db

mda_cli = AppGroup("mda", help="MDA++ case coordination commands.")


def _print_logins(password: str | None) -> None:
    from mda.demo.region import USERS, ORGANISATIONS
    names = {o.key: o.name for o in ORGANISATIONS}
    click.echo("")
    click.echo("Demo logins (fictional region 'Regio Voorbeeld'):")
    for user in USERS:
        click.echo(f"  {user.username:<13} {user.role:<13} {names[user.organisation]}")
    click.echo(f"  password: {password}" if password
               else "  password: demo (unless the demo was built with --password)")
    click.echo("")


def _demo_password_refusal(password: str | None) -> str | None:
    """Why the demo logins may not get this password: the policy applies to a password given with
    --password; the documented default ``demo`` is allowed only in demo mode."""
    from flask import current_app
    from flask_babel import force_locale

    from mda.auth.passwords import weakness
    from mda.demo.region import DEFAULT_PASSWORD, USERS

    chosen = password if password is not None else DEFAULT_PASSWORD
    if chosen == DEFAULT_PASSWORD:
        if current_app.config.get("DEMO_MODE", False):
            return None
        return (f"The demo password '{DEFAULT_PASSWORD}' is only for demo mode (MDA_DEMO=1). "
                "Give another with --password.")
    with force_locale("en"):
        problems = dict.fromkeys(str(p) for p in (weakness(chosen, user.username) for user in USERS) if p)
    return f"--password refused: {' '.join(problems)}" if problems else None


@mda_cli.command("demo")
@click.option("--password", default=None,
              help="Password for every demo login: at least 12 characters, not a common one "
                   "(default: demo, allowed in demo mode only).")
@click.option("--reset", is_flag=True, help="Also delete data that is not demo data.")
@click.option("--if-new", is_flag=True, help="Only build when the database is empty.")
def demo_command(password, reset, if_new):
    """Build the fictional demo region 'Regio Voorbeeld'."""
    from mda.demo import region

    refusal = _demo_password_refusal(password)
    if refusal:
        raise click.ClickException(refusal)
    if if_new and region.has_data():
        if region.has_non_demo_data():
            click.echo("The database holds real data; the demo region was not loaded.")
            return
        click.echo("The demo region is already loaded.")
        _print_logins(password)
        return
    try:
        result = region.build(password=password or region.DEFAULT_PASSWORD, reset=reset)
    except region.NotDemoData:
        db.session.rollback()
        raise click.ClickException(
            "This database holds data that is not demo data (or dossiers and accounts added to the "
            "demo region since it was built). Nothing was changed. "
            "Use --reset to delete everything and load the demo region.") from None
    db.session.commit()
    from mda.audit import checkpoints
    from mda.audit.sequencer import sequence
    sequence(db.session)
    checkpoints.write(db.session, "demo-built", restart=True)  # the demo starts a new access log
    click.echo(f"Demo region built: {result['families']} families.")
    _print_logins(result["password"])


def _sequence() -> tuple[int, str]:
    """Links the entries waiting for the sequencer: (how many, why none could be)."""
    from mda.audit.sequencer import HeadBroken, sequence

    try:
        return sequence(db.session), ""
    except HeadBroken as refusal:
        return 0, str(refusal)


@mda_cli.command("create-region")
@click.option("--region", "region_name", required=True, help="The region's name, e.g. 'Regio Utrecht'.")
@click.option("--organisation", "organisation_name", required=True,
              help="The region's Zorg- en Veiligheidshuis, where the administrator works.")
@click.option("--username", required=True, help="The first administrator's username.")
@click.option("--full-name", required=True, help="The first administrator's name.")
@click.option("--email", default=None, help="The administrator's (and the organisation's) e-mail address.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given: at least 12 characters, not a common one.")
def create_region_command(region_name, organisation_name, username, full_name, email, password):
    """Start a production region: the region, its Zorg- en Veiligheidshuis and the first
    administrator, who adds the other organisations, users and settings at /beheer."""
    from flask_babel import force_locale

    from mda.admin.accounts import first_administrator
    from mda.errors import RuleError

    try:
        user = first_administrator(region_name=region_name.strip(), organisation_name=organisation_name.strip(),
                                   username=username.strip().lower(), full_name=full_name.strip(),
                                   email=email, password=password)
    except RuleError as error:
        db.session.rollback()
        with force_locale("en"):
            raise click.ClickException(f"Nothing was created: {error.message}") from None
    db.session.commit()
    click.echo(f"Region '{region_name}' created; its administrator '{user.username}' logs in and continues at /beheer.")


@mda_cli.command("verify-log")
def verify_log_command():
    """Link the entries waiting for the sequencer, then check the access log's hash chain against
    the last checkpoint; name the first entry that was changed or removed, and the last entry known
    to have existed. Entries that arrive meanwhile are counted and checked against their own MAC; one
    deleted before it is sequenced cannot be detected. Writes a checkpoint when intact."""
    import time

    from mda.audit import checkpoints
    from mda.audit.chain import Anchor, verify

    started = time.perf_counter()
    linked, refusal = _sequence()
    found = checkpoints.read()
    verdict = verify(db.session, anchor=found.latest)
    seconds = time.perf_counter() - started
    problems = []
    if refusal:
        problems.append(f"Waiting entries were not linked: {refusal}.")
    if found.bad_lines:
        lines = ", ".join(str(number) for number in found.bad_lines)
        problems.append(f"Checkpoint file {checkpoints.checkpoint_path()}: line {lines} has no valid signature.")
    if not verdict.intact:
        where = f" at entry #{verdict.broken_seq}" if verdict.broken_seq else ""
        where += f" (id {verdict.broken_id})" if verdict.broken_id else ""
        known = (f" Entry #{verdict.known.seq} existed at {verdict.known.at} per checkpoint."
                 if verdict.known and verdict.known.seq else "")
        problems.insert(0, f"Access log BROKEN{where}: {verdict.problem}. "
                           f"{verdict.checked} entries before it are intact.{known}")
    else:
        click.echo(f"Access log intact: {verdict.checked} entries verified in {seconds:.1f} s"
                   + (f", {linked} of them linked first." if linked else "."))
        if verdict.waiting:
            click.echo(f"{verdict.waiting} entries not yet sequenced (the oldest from "
                       f"{verdict.oldest_waiting:%Y-%m-%d %H:%M:%S} UTC): each matches its own MAC; one deleted "
                       "before it is sequenced cannot be detected.")
        anchor, _ = checkpoints.write(db.session, "verify-log", anchor=Anchor(verdict.checked, verdict.last_hash, ""))
        click.echo(f"Checkpoint written: entry #{anchor.seq}." if anchor else
                   "No checkpoint file configured (AUDIT_CHECKPOINT_PATH): a cut at the end of the log "
                   "cannot be detected.")
    if problems:
        raise click.ClickException(" ".join(problems))


@mda_cli.command("sequence-log")
def sequence_log_command():
    """Link the access-log entries waiting for the sequencer into the chain (the scheduler does
    this every AUDIT_SEQUENCE_SECONDS)."""
    linked, refusal = _sequence()
    if refusal:
        raise click.ClickException(f"Waiting entries were not linked: {refusal}. Run verify-log.")
    click.echo(f"{linked} entries linked.")


def _checkpoint(reason: str) -> None:
    from mda.audit import checkpoints
    from mda.audit.refusals import close_windows

    closed = close_windows()
    db.session.commit()
    _sequence()  # a broken head is refused by the checkpoint too, with the reason
    anchor, problem = checkpoints.write(db.session, reason)
    if problem:
        click.echo(f"Access log checkpoint NOT written: {problem}. Run verify-log.", err=True)
    elif anchor:
        click.echo(f"access log checkpoint: entry #{anchor.seq}"
                   + (f"; {closed} refusal counts written" if closed else ""))


@mda_cli.command("run-jobs")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Run as if it were this day (YYYY-MM-DD).")
def run_jobs_command(today):
    """Run the timed jobs that are due (each at most once per day), then write an access-log checkpoint."""
    from mda.jobs.runner import run_due
    for job, outcome in run_due(today.date() if today else None).items():
        click.echo(f"{job}: {outcome}")
    _checkpoint("run-jobs")


@mda_cli.command("scheduler")
@click.option("--once", is_flag=True, help="Catch up and run what is due now, then stop.")
@click.option("--no-lock", is_flag=True, help="Do not wait for another scheduler (PostgreSQL advisory lock); "
                                              "the claims still keep every piece of work to one process.")
def scheduler_command(once, no_lock):
    """Run the scheduler as its own process: catches up on every missed day at start, then runs the
    daily jobs at 02:30, the digest and the outbox every SCHEDULER_TICK_SECONDS, and writes an
    access-log checkpoint every AUDIT_CHECKPOINT_MINUTES."""
    from flask import current_app

    from mda.jobs.scheduler import serve

    serve(current_app._get_current_object(), echo=click.echo, checkpoint=_checkpoint, once=once, lock=not no_lock)
