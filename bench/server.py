"""The app as the benchmark serves it: ``gunicorn 'bench.server:make_app()'`` with
BENCH_DATABASE_URL naming the benchmark database. Keys fixed for the benchmark only, cookies over
plain HTTP on 127.0.0.1, the library's password hashing."""
import os

from config import Config
from mda import create_app


class BenchConfig(Config):
    ENV_NAME = "bench"
    SECRET_KEY = "bench-only-not-secret"
    AUDIT_LOG_KEY = "bench-only-audit-log-key"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    DEMO_MODE = True  # no second login step for the benchmark's users

    def __init__(self, url: str | None = None):
        self.SQLALCHEMY_DATABASE_URI = driver_url(url or os.environ["BENCH_DATABASE_URL"])


def driver_url(url: str) -> str:
    """A ``postgresql://`` URL with the psycopg 3 driver, as config.database_url maps it."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_app(url: str | None = None):
    return create_app(BenchConfig(url))
