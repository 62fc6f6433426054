"""gunicorn's settings for production, read by ``gunicorn wsgi:app`` run from this folder (gunicorn
loads ``./gunicorn.conf.py`` itself; ``-c`` names another file). Every setting can be overridden on
the command line or with the environment variables named here.

Each worker is its own process and keeps nothing of a user in its memory: the session is a signed
cookie, login throttling, the inbox, the access log and every piece of timed work live in the
database. So workers, and whole app servers behind one load balancer, may serve any request of any
user, as long as they share DATABASE_URL, SECRET_KEY and AUDIT_LOG_KEY. The scheduler is not run
here: it is one separate process (``flask --app wsgi mda scheduler``).
"""
import gc
import multiprocessing
import os

# Behind the TLS-terminating proxy: an address only the proxy reaches (README, "Production").
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# Sync workers: one request at a time per process, so a slow page (a PDF, an export) holds up only
# its own worker. The pages wait on the database and on rendering about equally; gunicorn's rule
# of thumb of two per core plus one keeps the cores busy. WEB_CONCURRENCY sets another number.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))

# Each worker opens its own connections after the fork: nothing is loaded before it.
preload_app = False

# The longest request is an export or a PDF of a large dossier; past this the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# A worker is replaced after this many requests (spread so they do not all restart at once), which
# bounds what the PDF renderer and the template caches hold.
max_requests = 2000
max_requests_jitter = 200


def post_worker_init(worker):
    """The application is loaded (about 150,000 objects: the models, the routes, the workflows, the
    translations), and none of it is ever garbage: the collector is told to leave it alone. Without
    this, each full collection walks those objects again and holds up the request it falls in by
    about 100 ms (a /taken in process, region size: p99 135 ms, with this 48 ms)."""
    gc.freeze()


# Logs to standard output and error for the service manager. The access log leaves out the query
# string: a search for a family would put its name in the server's log, outside the access log
# that may hold it. GUNICORN_ACCESS_LOG= (empty) writes none.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
