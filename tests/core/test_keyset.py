"""The keyset of a list: a key names the last row shown in words a URL carries, a key that does
not parse is the first page, and paging by it meets every row once in the list's order, also when
the order runs up in one column and down in another and many rows tie."""
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from mda.core.keyset import Keyset
from mda.extensions import db
from mda.tasks.models import Task
from tests import factories as make


def test_a_key_is_the_values_of_the_order_in_plain_words():
    order = Keyset(Task.closed_at.desc(), Task.due_on, Task.due_time, Task.id.desc())
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    key = order.key(moment, date(2026, 3, 2), time(8, 15), 42)
    assert key == "2026-03-01T08:30:00.000000_2026-03-02_08:15:00_42"
    assert order.parse(key) == (moment, date(2026, 3, 2), time(8, 15), 42)


def test_a_key_that_does_not_parse_is_the_first_page():
    order = Keyset(Task.due_on, Task.id)
    for junk in (None, "", "gisteren", "2026-03-01", "2026-03-01_1_2", "2026-02-30_1", "2026-03-01_-1",
                 "2026-03-01_+1", "2026-03-01_ 1", "2026-03-01_١", "2026-03-01_99999999999999999999"):
        assert order.parse(junk) is None, junk


def test_paging_meets_every_row_once_in_a_mixed_order(app_ctx):
    case = make.team_case()
    today = date(2026, 3, 1)
    for n in range(23):  # many ties on the day
        db.session.add(Task(dossier_id=case["dossier"].id, kind="other", title_nl=f"Taak {n}", title_en=f"Task {n}",
                            organisation_id=case["vt"].id, start_on=today, due_on=today + timedelta(days=n % 4)))
    db.session.flush()
    order = Keyset(Task.due_on, Task.id.desc())
    stmt = select(Task).where(Task.dossier_id == case["dossier"].id)
    expected = [task.id for task in sorted(db.session.scalars(stmt), key=lambda task: (task.due_on, -task.id))]
    seen, key = [], None
    while True:
        page = order.page(stmt, key, size=5)
        seen += [task.id for task in page.rows]
        assert len(page.rows) <= 5 and page.after == key
        if page.next_key is None:
            break
        key = page.next_key
    assert seen == expected
