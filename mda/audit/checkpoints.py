"""Checkpoints: the chain's newest entry, signed and written outside the database.

Whoever can write to the database can delete the newest entries and, holding the key, reseal the
head; or delete everything. A checkpoint written to an append-only place (a file on a write-once
volume, and optionally a remote syslog) keeps the last entry known to have existed, so
``verify-log`` reports such a cut. One JSON line per checkpoint:
``{"seq", "hash", "at", "reason", "hmac"}``, the HMAC under the chain's key. A line whose HMAC does
not match is reported and never trusted.
"""
import hmac
import json
import logging
import logging.handlers
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from mda.audit.chain import Anchor, chain_key, hash_of, head_problem, keyed_hex, read_head
from mda.types import utcnow

log = logging.getLogger(__name__)
SIGNED_FIELDS = ("seq", "hash", "at", "reason")


def _signature(line: dict, key: bytes) -> str:
    text = json.dumps({name: line[name] for name in SIGNED_FIELDS}, sort_keys=True, separators=(",", ":"))
    return keyed_hex(key, "checkpoint\n" + text)


def checkpoint_path() -> Path | None:
    value = current_app.config.get("AUDIT_CHECKPOINT_PATH")
    return Path(value) if value else None


@dataclass
class Checkpoints:
    latest: Anchor | None = None
    bad_lines: list[int] = field(default_factory=list)


def read(path: Path | None = None) -> Checkpoints:
    """The last checkpoint with a valid HMAC, and the numbers of the lines without one."""
    path = path or checkpoint_path()
    found = Checkpoints()
    if path is None or not path.exists():
        return found
    key = chain_key()
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
                valid = hmac.compare_digest(str(line["hmac"]), _signature(line, key))
            except (ValueError, KeyError, TypeError):
                valid = False
            if valid:
                found.latest = Anchor(int(line["seq"]), str(line["hash"]), str(line["at"]))
            else:
                found.bad_lines.append(number)
    return found


def _head_problem(session, last_seq: int, last_hash: str, sealed: bool, latest: Anchor | None) -> str:
    """A cheap look (two rows) for whether the head may be anchored: its seal holds, it names an
    entry that is there, and the last checkpoint's entry is still in the chain."""
    problem = head_problem(session, last_seq, last_hash, sealed)
    if problem:
        return problem
    if latest and (latest.seq > last_seq or (latest.seq and hash_of(session, latest.seq) != latest.hash)):
        return f"entry #{latest.seq} of the checkpoint of {latest.at} is missing or changed"
    return ""


def write(session, reason: str, *, anchor: Anchor | None = None, restart: bool = False) -> tuple[Anchor | None, str]:
    """Appends a checkpoint of ``anchor`` (a verified entry) or of the head; (checkpoint, problem).
    Nothing is written while the head or the last checkpoint does not fit: a cut log is never
    anchored. ``restart`` starts a new log after an operator emptied it on purpose (the demo)."""
    path = checkpoint_path()
    if path is None:
        return None, ""
    key = chain_key()
    if anchor is None:
        last_seq, last_hash, sealed = read_head(session, key)
        latest = None if restart else read(path).latest
        problem = _head_problem(session, last_seq, last_hash, sealed, latest)
        if problem:
            log.error("access log checkpoint refused: %s", problem)
            return None, problem
        anchor = Anchor(last_seq, last_hash, "")
    line = {"seq": anchor.seq, "hash": anchor.hash, "at": utcnow().isoformat(timespec="seconds"), "reason": reason}
    line["hmac"] = _signature(line, key)
    text = json.dumps(line, sort_keys=True, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(text + "\n")
        out.flush()
    _to_syslog(text)
    return Anchor(anchor.seq, anchor.hash, line["at"]), ""


def _to_syslog(text: str) -> None:
    """A copy to syslog when AUDIT_CHECKPOINT_SYSLOG names one (``/dev/log`` or ``host:port``, UDP)."""
    target = current_app.config.get("AUDIT_CHECKPOINT_SYSLOG")
    if not target:
        return
    host, _, port = target.rpartition(":")
    address = (host, int(port)) if host and port.isdigit() else target
    try:
        handler = logging.handlers.SysLogHandler(address=address,
                                                 facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV)
    except OSError:
        log.exception("access log checkpoint not sent to syslog %s", target)
        return
    try:
        handler.emit(logging.LogRecord("mda.audit", logging.INFO, __file__, 0, "mda-audit-checkpoint %s",
                                       (text,), None))
    finally:
        handler.close()
