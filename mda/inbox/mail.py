"""E-mail: every mail is written to the outbox first; only the scheduler sends, through SMTP.

A mail says that there is something in MDA++ and links to it, nothing more: e-mail is not a safe
channel for anything about a family. A mail at once is queued by ``notify``; the daily digest
(``queue_digests``) gathers a user's digest items at the region's digest time; ``send_due`` sends
what is due and leaves a mail that failed in the outbox with its error, to be tried again later
(1, 2, 4, ... minutes, at most 6 hours apart) until ``MAIL_MAX_ATTEMPTS``.
"""
import hashlib
import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app
from sqlalchemy import and_, func, select, update

from mda.auth.models import User
from mda.core import clock
from mda.core.redirects import path_for
from mda.extensions import db
from mda.inbox.models import InboxItem, OutboxMail
from mda.jobs.claims import claim, moment_key
from mda.orgs.models import Organisation, Region
from workflows import MAIL_BODY, MAIL_SUBJECT

log = logging.getLogger(__name__)

BATCH = 100  # mails per batch
MAX_BATCHES = 50  # per tick: a backlog larger than this goes out over the next ticks
LEASE = timedelta(minutes=10)  # a sender that dies mid-send leaves the mail to be tried again after this
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def link(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def compose(target: str) -> tuple[str, str]:
    """The subject and body of every mail: that there is something, and the link."""
    body = (f"{MAIL_BODY.nl}\n{target}\n\n{MAIL_BODY.en}\n{target}\n\n"
            f"-- \nMDA++. U kiest zelf welke berichten u per e-mail krijgt / "
            f"you choose which messages you get by e-mail: {link(path_for('inbox.preferences'))}\n")
    return MAIL_SUBJECT.nl, body


def queue_at_once(items: list[InboxItem], address: str) -> OutboxMail:
    """One mail to ``address`` about one event: it links to the item, or to the inbox when the
    address is an organisation's that several colleagues share."""
    first = items[0]
    target = path_for("inbox.open", item_id=first.id) if len(items) == 1 else path_for("inbox.index")
    subject, body = compose(link(target))
    mail = OutboxMail(key=f"item:{first.id}", user_id=first.user_id if len(items) == 1 else None, address=address,
                      subject=subject, body=body, next_attempt_at=clock.utcnow())
    db.session.add(mail)
    db.session.flush()
    for item in items:
        item.mail_id = mail.id
    return mail


# --- the daily digest ---------------------------------------------------------------------------

def digest_moment(region: Region, now: datetime) -> datetime:
    """The region's latest digest time at or before ``now`` (Dutch time): today's once it has
    passed, else yesterday's; in UTC, as the database compares it."""
    local = now.astimezone(clock.ZONE)
    moment = datetime.combine(local.date(), region.digest_time, tzinfo=clock.ZONE)
    if moment > local:
        moment = datetime.combine(local.date() - timedelta(days=1), region.digest_time, tzinfo=clock.ZONE)
    return moment.astimezone(timezone.utc)


def queue_digests(now: datetime | None = None) -> str:
    """For each region whose digest time has come: one mail per user with digest items waiting
    (unread, created before that time). A digest missed while the scheduler was down is not sent
    day by day: its items go into the next one, so nothing is left out and nobody gets a pile of
    mails that all say the same."""
    now = now or clock.utcnow()
    queued = 0
    for region in db.session.scalars(select(Region).order_by(Region.id)).all():
        moment = digest_moment(region, now)
        if not claim("digest", [(f"region:{region.id}", moment_key(moment))]):
            continue
        queued += _digest(region, moment)
        db.session.commit()
    return f"{queued} digests queued"


def _digest(region: Region, moment: datetime) -> int:
    """One mail per address: colleagues who share their organisation's address get one digest."""
    pending = and_(InboxItem.delivery == "digest", InboxItem.mail_id.is_(None), InboxItem.read_at.is_(None),
                   InboxItem.created_at <= moment)
    waiting = (select(InboxItem.user_id, func.coalesce(User.email, Organisation.email))
               .join(User, User.id == InboxItem.user_id)
               .join(Organisation, Organisation.id == User.organisation_id)
               .where(Organisation.region_id == region.id, pending).distinct())
    by_address: dict[str, list[int]] = {}
    for user_id, address in db.session.execute(waiting).all():
        by_address.setdefault((address or "").strip().lower(), []).append(user_id)
    without = by_address.pop("", [])
    if without:  # no address any more: their items stay in the app
        db.session.execute(update(InboxItem).where(pending, InboxItem.user_id.in_(without)).values(delivery="app"))
    subject, body = compose(link(path_for("inbox.index")))
    for address, user_ids in sorted(by_address.items()):
        name = hashlib.sha256(address.encode()).hexdigest()[:24]
        mail = OutboxMail(key=f"digest:{moment_key(moment)}:{name}", address=address, subject=subject, body=body,
                          user_id=user_ids[0] if len(user_ids) == 1 else None, next_attempt_at=clock.utcnow())
        db.session.add(mail)
        db.session.flush()
        db.session.execute(update(InboxItem).where(pending, InboxItem.user_id.in_(user_ids)).values(mail_id=mail.id))
    return len(by_address)


def digest_contents(user_id: int, day: date) -> list[InboxItem]:
    """The items that the user's digest of ``day`` told of."""
    return list(db.session.scalars(
        select(InboxItem).join(OutboxMail, OutboxMail.id == InboxItem.mail_id)
        .where(InboxItem.user_id == user_id, OutboxMail.key.like(f"digest:{day.isoformat()}%"))
        .order_by(InboxItem.id)))


# --- sending ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    user: str | None
    password: str | None
    sender: str
    tls: str  # "starttls", "ssl" or "none"
    timeout: float

    @classmethod
    def from_config(cls, config) -> "Smtp | None":
        host = config.get("SMTP_HOST")
        if not host:
            return None
        tls = str(config.get("SMTP_TLS") or "none").lower()
        tls = {"1": "starttls", "true": "starttls", "yes": "starttls", "0": "none", "false": "none",
               "no": "none"}.get(tls, tls)
        port = int(config.get("SMTP_PORT") or (465 if tls == "ssl" else 587 if tls == "starttls" else 25))
        return cls(host, port, config.get("SMTP_USER") or None, config.get("SMTP_PASSWORD") or None,
                   config.get("SMTP_FROM") or "mda@localhost", tls, float(config.get("SMTP_TIMEOUT") or 10))

    def connect(self) -> smtplib.SMTP:
        if self.tls == "ssl":
            connection = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.tls == "starttls":
                connection.starttls(context=ssl.create_default_context())
        if self.user:
            connection.login(self.user, self.password or "")
        return connection


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes after the first, second, third failure; never more than 6 hours."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


def waiting_count() -> int:
    return db.session.scalar(select(func.count(OutboxMail.id)).where(
        OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None))) or 0


def send_due(now: datetime | None = None) -> str:
    """Sends the mails that are due, a batch at a time until none is left; each is claimed first
    (for its attempt), so two schedulers never send one mail twice. Without ``SMTP_HOST`` nothing
    is sent and the mails wait."""
    smtp = Smtp.from_config(current_app.config)
    if smtp is None:
        return f"SMTP_HOST not set: {waiting_count()} mails waiting"
    now = now or clock.utcnow()
    sent = failed = 0
    problem = ""
    for _ in range(MAX_BATCHES):
        due = db.session.execute(
            select(OutboxMail.id, OutboxMail.next_attempt_at)
            .where(OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None), OutboxMail.next_attempt_at <= now)
            .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(BATCH)).all()
        if not due:
            break
        claimed = claim("mail", [(f"mail:{mail_id}", moment_key(at)) for mail_id, at in due])
        ids = [int(item.split(":")[1]) for item, _ in claimed]
        if ids:  # held for this sender: another finds them due again only if this one dies
            db.session.execute(update(OutboxMail).where(OutboxMail.id.in_(ids)).values(next_attempt_at=now + LEASE))
        db.session.commit()
        if not ids:
            continue
        batch_sent, batch_failed, problem = _send(smtp, ids)
        sent, failed = sent + batch_sent, failed + batch_failed
    return f"{sent} sent" + (f", {failed} failed" if failed else "") + (f": {problem}" if problem else "")


def _send(smtp: Smtp, ids: list[int]) -> tuple[int, int, str]:
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.id.in_(ids)).order_by(OutboxMail.id)).all()
    try:
        connection = smtp.connect()
    except (OSError, smtplib.SMTPException) as error:
        for mail in mails:
            _failed(mail, error)
        db.session.commit()
        return 0, len(mails), _describe(error)
    sent = failed = 0
    with connection:
        for mail in mails:
            try:
                connection.send_message(_message(mail, smtp.sender))
            except (OSError, smtplib.SMTPException) as error:
                _failed(mail, error)
                failed += 1
            else:
                mail.attempts += 1
                mail.sent_at = clock.utcnow()
                mail.last_error = ""
                sent += 1
            db.session.commit()
    return sent, failed, ""


def _message(mail: OutboxMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body)
    return message


def _describe(error: Exception) -> str:
    return f"{error.__class__.__name__}: {error}"[:500]


def _failed(mail: OutboxMail, error: Exception) -> None:
    mail.attempts += 1
    mail.last_error = _describe(error)
    if mail.attempts >= current_app.config.get("MAIL_MAX_ATTEMPTS", 12):
        mail.failed_at = clock.utcnow()
    else:
        mail.next_attempt_at = clock.utcnow() + retry_delay(mail.attempts)
    log.warning("mail %s not sent (attempt %s): %s", mail.id, mail.attempts, mail.last_error)


def outbox_summary() -> dict:
    """What the administration page shows: how many mails wait, failed or went out lately, and
    the last error (no addresses, no content)."""
    waiting = waiting_count()
    failed = db.session.scalar(select(func.count(OutboxMail.id)).where(OutboxMail.failed_at.is_not(None))) or 0
    since = clock.utcnow() - timedelta(days=1)
    sent = db.session.scalar(select(func.count(OutboxMail.id)).where(OutboxMail.sent_at >= since)) or 0
    last = db.session.execute(select(OutboxMail.last_error, OutboxMail.attempts, OutboxMail.next_attempt_at)
                              .where(OutboxMail.sent_at.is_(None), OutboxMail.last_error != "")
                              .order_by(OutboxMail.next_attempt_at.desc()).limit(1)).first()
    return {"waiting": waiting, "failed": failed, "sent_last_day": sent, "last_error": last,
            "configured": Smtp.from_config(current_app.config) is not None}


