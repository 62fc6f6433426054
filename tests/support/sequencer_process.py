"""An access-log sequencer in a process of its own: ``python -m tests.support.sequencer_process
DATABASE_URL STOP_FILE BATCH``. It says "ready" once the app is loaded, then links waiting entries
in batches of BATCH until STOP_FILE exists, and says how many it linked."""
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from config import TestConfig
    from mda import create_app
    from mda.audit.sequencer import sequence
    from mda.extensions import db

    url, stop, batch = argv[0], Path(argv[1]), int(argv[2])
    app = create_app(TestConfig(url))
    linked = 0
    with app.app_context():
        print("ready", flush=True)
        while not stop.exists():
            linked += sequence(db.session, batch=batch)
            time.sleep(0.001)
        db.engine.dispose()
    print(f"linked {linked}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
