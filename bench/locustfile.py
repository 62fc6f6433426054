"""The professionals of the load test (``python -m bench load``, bench/load.py): locust users that
log in through the login form once and then work as the region's people do, through the pages and
forms a browser gets, with the forms' own CSRF tokens.

Two kinds of user: case coordinators of local teams, and partners (Veilig Thuis, police, care,
probation). Each works on a pool of dossiers it may see (``LOAD_CAST``, a JSON file bench/load.py
writes): the coordinators' own dossiers, which the partners share, so that they meet on the same
families. Every write the server confirmed is remembered and written, with the counts below, to
``LOAD_OUT`` when the run stops; bench/load.py then looks each one up in the database.

A request fails when the server answers 5xx, says "database is locked", or answers what a browser
would not expect (a 4xx on a page, the login page instead of a form). A write the app refuses
because someone else changed the same thing meanwhile (409, or 422 with the app's reasons) is not a
failure: it is counted as *refused*, per kind of request.
"""
import itertools
import json
import os
import random
import re
import threading
import time
import uuid
from collections import Counter, defaultdict
from locust import HttpUser, between, events, task

from bench.forms import Form, csrf_token, form

CAST = json.loads(open(os.environ["LOAD_CAST"]).read()) if os.environ.get("LOAD_CAST") else {"users": []}
WAIT = tuple(float(part) for part in os.environ.get("LOAD_WAIT", "3,10").split(","))
USER_AGENT = "mda-bench-load"
LOCKED = "database is locked"

_lock = threading.Lock()
_logins = {role: itertools.count() for role in ("coordinator", "partner")}
writes: list[dict] = []  # every write the server confirmed
counts: Counter = Counter()  # "5xx", "locked", "refused", "unexpected", "skipped:..."
refused_by_kind: Counter = Counter()
samples: dict[str, list[str]] = defaultdict(list)  # the first few refusals and failures, for the report
# What the coordinators asked of the partners: the app tells them in their inbox and work list; the
# partners here hear it from these, and turn to those families first.
revised_plans: set[int] = set()  # dossiers whose plan has a new version to confirm
open_reviews: dict[int, int] = {}  # dossier -> the review open for scores


def unique(what: str) -> str:
    return f"Belasting {what} {uuid.uuid4().hex[:16]}"


def confirmed(kind: str, **facts) -> None:
    with _lock:
        writes.append({"kind": kind, **facts})


# --- the users ----------------------------------------------------------------------------------

class Professional(HttpUser):
    abstract = True
    role = ""
    wait_time = between(*WAIT)

    def on_start(self):
        people = [user for user in CAST["users"] if user["role"] == self.role]
        with _lock:
            me = people[next(_logins[self.role]) % len(people)]
        self.username, self.organisation_id = me["username"], me["organisation_id"]
        self.dossiers, self.task_ids = me["dossiers"], []
        self.client.headers["User-Agent"] = USER_AGENT
        page = self.client.get("/login", name="/login").text
        with self.client.post("/login", data={"username": self.username, "password": CAST["password"],
                                              "csrf_token": csrf_token(page)},
                              name="/login", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302 or "/login" in response.headers.get("Location", ""):
                response.failure(f"login of {self.username} refused ({response.status_code})")
                count("unexpected", "/login", response)
                self.stop()

    # -- one request, judged ------------------------------------------------------------------

    def call(self, method: str, path: str, name: str, write: bool = False, **kwargs):
        """The response, or None when it failed; refusals of a stale write count as refused."""
        with self.client.request(method, path, name=name, allow_redirects=False, catch_response=True,
                                 **kwargs) as response:
            status, body = response.status_code, response.text or ""
            if status >= 500:
                response.failure(f"{status}")
                count("5xx", name, response)
                return None
            if LOCKED in body:
                response.failure("database is locked")
                count("locked", name, response)
                return None
            if status in (301, 302, 303) and "/login" in response.headers.get("Location", ""):
                response.failure("sent to the login page")
                count("unexpected", name, response)
                return None
            if write and status in (409, 422):
                response.success()
                count("refused", name, response)
                return None
            if status >= 400:
                response.failure(f"{status}")
                count("unexpected", name, response)
                return None
            response.success()
            return response

    def get(self, path: str, name: str):
        return self.call("GET", path, name)

    def post(self, path: str, form_: Form, name: str):
        return self.call("POST", path, name, write=True, data=form_.data())

    def dossier(self) -> int:
        return random.choice(self.dossiers)

    # -- reading ------------------------------------------------------------------------------

    @task(10)
    def work_list(self):
        response = self.get("/taken", "/taken")
        if response is not None:
            self.task_ids = [int(found) for found in re.findall(r'href="/taken/(\d+)"', response.text)]

    @task(6)
    def dossier_list(self):
        response = self.get("/dossiers", "/dossiers")
        if response is not None and random.random() < 0.3:
            more = re.search(r'href="(/dossiers\?na=[^"]+)" rel="next"', response.text)
            if more:
                self.get(more.group(1).replace("&amp;", "&"), "/dossiers (next page)")

    @task(4)
    def inbox(self):
        self.get("/inbox", "/inbox")

    @task(12)
    def dossier_page(self):
        self.get(f"/dossiers/{self.dossier()}", "/dossiers/<id>")

    # -- writing ------------------------------------------------------------------------------

    @task(4)
    def complete_task(self):
        if not self.task_ids:
            return self.work_list()
        task_id = random.choice(self.task_ids)
        path = f"/taken/{task_id}"
        page = self.get(path, "/taken/<id>")
        if page is None:
            return
        step = form(page.text, re.escape(path), "complete")
        if step is None:
            accept = form(page.text, re.escape(path), "accept")
            if accept is None:
                self.task_ids.remove(task_id)
                return skipped("task without a step to take")
            if self.post(path, accept, "/taken/<id> (accept)") is None:
                return
            page = self.get(path, "/taken/<id>")
            step = form(page.text, re.escape(path), "complete") if page is not None else None
            if step is None:
                return skipped("accepted task without a complete step")
        if step.names() - {"csrf_token", "event", "version", "result"}:
            self.task_ids.remove(task_id)
            return skipped("task whose completion asks more than a result")
        result = unique("resultaat")
        step.put("result", result)
        done = self.post(path, step, "/taken/<id> (complete)")
        if done is not None and done.status_code in (302, 303):
            self.task_ids.remove(task_id)
            confirmed("task_done", task_id=task_id, result=result)

    @task(4)
    def add_note(self):
        dossier_id = self.dossier()
        page = self.get(f"/dossiers/{dossier_id}", "/dossiers/<id>")
        if page is None:
            return
        note = form(page.text, rf"/dossiers/{dossier_id}/notes")
        if note is None:
            return skipped("dossier page without a note form")
        body = unique("notitie")
        note.put("kind", "fact")
        note.put("body", body)
        saved = self.post(note.action, note, "/dossiers/<id>/notes")
        if saved is not None and saved.status_code in (302, 303):
            confirmed("note", dossier_id=dossier_id, body=body)


class Coordinator(Professional):
    role = "coordinator"
    fixed_count = int(os.environ.get("LOAD_COORDINATORS", "0"))

    @task(2)
    def revise_plan(self):
        dossier_id = self.dossier()
        path = f"/dossiers/{dossier_id}/veiligheidsplan/bewerken"
        page = self.get(path, "/dossiers/<id>/veiligheidsplan/bewerken")
        if page is None or page.status_code != 200:
            return
        plan = form(page.text, re.escape(path))
        if plan is None or plan.get("warning_signals") is None:
            return skipped("no plan form")
        signals = unique("signalen")
        plan.put("warning_signals", signals)
        plan.put("change_summary", "Signalen bijgewerkt")
        saved = self.post(path, plan, "/dossiers/<id>/veiligheidsplan/bewerken")
        if saved is not None and saved.status_code in (302, 303):
            confirmed("plan_version", dossier_id=dossier_id, warning_signals=signals)
            revised_plans.add(dossier_id)

    @task(2)
    def open_review(self):
        dossier_id = self.dossier()
        page = self.get(f"/dossiers/{dossier_id}", "/dossiers/<id>")
        action = rf"/dossiers/{dossier_id}/veiligheidsscores/nieuw"
        opening = form(page.text, action) if page is not None else None
        if opening is None:
            return skipped("no review to open")
        opened = self.post(opening.action, opening, "/dossiers/<id>/veiligheidsscores/nieuw")
        found = re.search(r"/veiligheidsscores/(\d+)$", opened.headers.get("Location", "")) if opened else None
        if found:
            confirmed("review_open", dossier_id=dossier_id, review_id=int(found.group(1)))
            open_reviews[dossier_id] = int(found.group(1))


class Partner(Professional):
    role = "partner"

    def asked(self, dossiers) -> int:
        """A family of this partner's that the coordinator asked something of, or any of its own."""
        mine = [dossier_id for dossier_id in dossiers if dossier_id in self.mine]
        return random.choice(mine) if mine and random.random() < 0.8 else self.dossier()

    def on_start(self):
        super().on_start()
        self.mine = set(self.dossiers)

    @task(3)
    def confirm_plan(self):
        dossier_id = self.asked(list(revised_plans))
        page = self.get(f"/dossiers/{dossier_id}/veiligheidsplan", "/dossiers/<id>/veiligheidsplan")
        confirm = form(page.text, rf"/dossiers/{dossier_id}/veiligheidsplan/bevestigen") if page else None
        if confirm is None:
            return skipped("plan confirmed already")
        done = self.post(confirm.action, confirm, "/dossiers/<id>/veiligheidsplan/bevestigen")
        if done is not None and done.status_code in (302, 303):
            confirmed("plan_confirmation", dossier_id=dossier_id, version=int(confirm.get("version")),
                      organisation_id=self.organisation_id)

    @task(3)
    def score(self):
        dossier_id = self.asked(list(open_reviews))
        page = self.get(f"/dossiers/{dossier_id}", "/dossiers/<id>")
        reviews = [int(found) for found in re.findall(rf'href="/dossiers/{dossier_id}/veiligheidsscores/(\d+)"',
                                                      page.text)] if page is not None else []
        if not reviews:
            return skipped("dossier without reviews")
        path = f"/dossiers/{dossier_id}/veiligheidsscores/{max(reviews)}"
        review = self.get(path, "/dossiers/<id>/veiligheidsscores/<id>")
        scoring = form(review.text, re.escape(path) + "/score") if review is not None else None
        if scoring is None:
            return skipped("no open review to score")
        rationale, value = unique("score"), random.randint(2, 9)
        scoring.put("score", str(value))
        scoring.put("rationale", rationale)
        saved = self.post(scoring.action, scoring, "/dossiers/<id>/veiligheidsscores/<id>/score")
        if saved is not None and saved.status_code in (302, 303):
            confirmed("score", review_id=max(reviews), organisation_id=self.organisation_id, score=value,
                      rationale=rationale)


# --- the counts ---------------------------------------------------------------------------------

def count(what: str, name: str, response) -> None:
    with _lock:
        counts[what] += 1
        if what == "refused":
            refused_by_kind[name] += 1
        if len(samples[what]) < 5:
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text or ""))
            problem = re.search(r"(?:Er is iets|Someone|iemand|Iemand|probleem|Problem)[^.]{0,200}", text)
            samples[what].append(f"{name} {response.status_code}: {(problem.group(0) if problem else text[-300:])}")


def skipped(why: str) -> None:
    with _lock:
        counts[f"skipped: {why}"] += 1


timings: list[tuple[float, str, str, float]] = []  # (when, method, name, milliseconds) of every request


@events.request.add_listener
def _timed(request_type, name, response_time, **_kwargs):
    timings.append((time.time(), request_type, name, response_time))


def summary(environment) -> dict:
    """What bench/load.py reports: the time of every request, the failures and refusals per kind of
    request, the confirmed writes."""
    entries = {f"{entry.method} {entry.name}": {"failures": entry.num_failures,
                                                "refused": refused_by_kind.get(entry.name, 0)}
               for entry in environment.stats.entries.values()}
    errors = [{"name": error.name, "error": str(error.error), "occurrences": error.occurrences}
              for error in environment.stats.errors.values()]
    return {"timings": timings, "entries": entries, "counts": dict(counts), "writes": writes, "errors": errors,
            "samples": dict(samples)}


@events.quitting.add_listener
def _write_summary(environment, **_kwargs):
    if os.environ.get("LOAD_OUT"):
        with open(os.environ["LOAD_OUT"], "w") as out:
            json.dump(summary(environment), out)
