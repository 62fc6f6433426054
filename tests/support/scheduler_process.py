"""One scheduler pass in a process of its own, as ``flask mda scheduler --once`` runs it, at a
moved clock: ``python -m tests.support.scheduler_process DATABASE_URL MOMENT START [--no-lock]
[--smtp-port N]``. It waits until the wall-clock time START (seconds since the epoch), so that two
of them started together really run at the same time."""
import sys
import time
from datetime import datetime


def main(argv: list[str]) -> int:
    import time_machine

    from config import TestConfig
    from mda import create_app

    url, moment, start = argv[0], datetime.fromisoformat(argv[1]), float(argv[2])
    app = create_app(TestConfig(url))
    if "--smtp-port" in argv:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=int(argv[argv.index("--smtp-port") + 1]), SMTP_TLS="none")
    arguments = ["mda", "scheduler", "--once"] + (["--no-lock"] if "--no-lock" in argv else [])
    while time.time() < start:
        time.sleep(0.002)
    with time_machine.travel(moment, tick=True):
        result = app.test_cli_runner().invoke(args=arguments)
    print(result.output)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        print(repr(result.exception), file=sys.stderr)
        return 1
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
