"""Settings, read from the environment.

MDA_ENV chooses the configuration: ``development`` (default; local runs with a SECRET_KEY generated
into ``instance/``, a warning at start when MDA_ENV is not set), ``production`` (SECRET_KEY,
DATABASE_URL and AUDIT_LOG_KEY required, demo mode refused) or ``test``.
"""
import logging
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("MDA_INSTANCE_DIR", BASE_DIR / "instance"))


def database_url(default: str) -> str:
    """DATABASE_URL, with plain ``postgresql://`` URLs mapped to the psycopg 3 driver."""
    url = os.environ.get("DATABASE_URL", default)
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def local_secret_key(name: str = "secret_key") -> str:
    """A per-installation key kept in instance/, never in the repository."""
    path = INSTANCE_DIR / name
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    ENV_NAME = "base"
    SECRET_KEY = None
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "mda_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES = ("nl", "en")
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Argon2id parameters (argon2-cffi defaults: RFC 9106 low-memory profile).
    ARGON2_PARAMS = {}
    DEMO_MODE = os.environ.get("MDA_DEMO", "1") == "1"
    PROPAGATE_EXCEPTIONS = False
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host: their headers
    # give the client's address (access log, throttling) and HTTPS (HSTS, secure cookies), but only
    # on requests whose direct peer is one of TRUSTED_PROXIES (comma-separated addresses/networks).
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))
    TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "")
    # Access-log checkpoints (see mda/audit/checkpoints.py): one signed JSON line per checkpoint,
    # appended to this file, which belongs on an append-only volume; None writes none. A copy can
    # go to syslog (``/dev/log`` or ``host:port``).
    AUDIT_CHECKPOINT_PATH = None
    AUDIT_CHECKPOINT_SYSLOG = os.environ.get("AUDIT_CHECKPOINT_SYSLOG") or None
    AUDIT_CHECKPOINT_MINUTES = int(os.environ.get("AUDIT_CHECKPOINT_MINUTES", "5"))
    # Requests append access-log entries without a lock; the scheduler's sequencer links them into
    # the chain every AUDIT_SEQUENCE_SECONDS, AUDIT_SEQUENCE_BATCH per transaction (mda/audit/sequencer.py).
    AUDIT_SEQUENCE_SECONDS = float(os.environ.get("AUDIT_SEQUENCE_SECONDS", "1"))
    AUDIT_SEQUENCE_BATCH = 2000
    # /health says "behind" when the oldest entry waiting for the sequencer is older than this.
    AUDIT_SEQUENCER_LAG_SECONDS = float(os.environ.get("AUDIT_SEQUENCER_LAG_SECONDS", "60"))
    # Repeated anonymous refusals from one address are counted in one entry per window.
    AUDIT_REFUSAL_WINDOW_MINUTES = 10
    # E-mail (mda/inbox/mail.py): the scheduler sends the outbox through this server; without
    # SMTP_HOST the mails wait in the outbox. SMTP_TLS: starttls, ssl or none. The links in a mail
    # start with BASE_URL, the address users reach the site at.
    SMTP_HOST = os.environ.get("SMTP_HOST") or None
    SMTP_PORT = os.environ.get("SMTP_PORT") or None
    SMTP_USER = os.environ.get("SMTP_USER") or None
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD") or None
    SMTP_FROM = os.environ.get("SMTP_FROM", "MDA++ <noreply@localhost>")
    SMTP_TLS = os.environ.get("SMTP_TLS", "starttls")
    SMTP_TIMEOUT = float(os.environ.get("SMTP_TIMEOUT", "10"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "12"))
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # How often the scheduler looks for a digest that is due and mails to send.
    SCHEDULER_TICK_SECONDS = int(os.environ.get("SCHEDULER_TICK_SECONDS", "60"))


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False

    def __init__(self):
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
        self.AUDIT_LOG_KEY = os.environ.get("AUDIT_LOG_KEY") or local_secret_key("audit_log_key")
        self.AUDIT_CHECKPOINT_PATH = os.environ.get("AUDIT_CHECKPOINT_PATH") or str(
            INSTANCE_DIR / "audit_checkpoints.jsonl")
        self.SQLALCHEMY_DATABASE_URI = database_url(f"sqlite:///{INSTANCE_DIR / 'mda.sqlite3'}")


class ProductionConfig(Config):
    ENV_NAME = "production"
    DEMO_MODE = False
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "1"))  # served behind a TLS-terminating proxy
    TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "127.0.0.1, ::1")  # a proxy on the same host

    def __init__(self):
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL", "AUDIT_LOG_KEY", "AUDIT_CHECKPOINT_PATH")
                   if not os.environ.get(name)]
        if os.environ.get("SMTP_HOST") and not os.environ.get("BASE_URL"):
            missing.append("BASE_URL (the links in the mails)")
        if missing:
            raise RuntimeError(f"Production needs these environment variables: {', '.join(missing)}")
        if os.environ.get("MDA_DEMO") == "1":
            raise RuntimeError("MDA_DEMO must not be set in production (MDA_ENV=production): demo mode makes "
                               "the two-step login optional. Remove MDA_DEMO, or run another MDA_ENV.")
        self.SECRET_KEY = os.environ["SECRET_KEY"]
        self.AUDIT_LOG_KEY = os.environ["AUDIT_LOG_KEY"]
        self.AUDIT_CHECKPOINT_PATH = os.environ["AUDIT_CHECKPOINT_PATH"]
        self.SQLALCHEMY_DATABASE_URI = database_url("")


class TestConfig(Config):
    __test__ = False  # not a pytest test class
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    AUDIT_LOG_KEY = "test-only-audit-log-key"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    # Cheap hashing keeps the suite fast; production keeps the library defaults.
    ARGON2_PARAMS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
    SMTP_HOST = None  # a test that sends mail starts its own server
    BASE_URL = "http://mda.test"

    def __init__(self, database_uri: str = "sqlite://"):
        self.SQLALCHEMY_DATABASE_URI = database_uri


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig, "test": TestConfig}


def config_from_environment():
    name = os.environ.get("MDA_ENV")
    if name is None:
        name = "development"
        logging.getLogger(__name__).warning(
            "MDA_ENV is not set: running the development configuration (keys generated into %s, two-step "
            "login optional in demo mode). Set MDA_ENV=production for real use.", INSTANCE_DIR)
    if name not in CONFIGS:
        raise RuntimeError(f"MDA_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]()
