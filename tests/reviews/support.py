"""Driving a safety-score review through the pages, as the users would."""
import re

from babel.dates import format_date

from tests.support.web import csrf_token


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
    assert match, f"page has no hidden field {name}"
    return match.group(1)


def review_url(dossier_id: int, review_id: int) -> str:
    return f"/dossiers/{dossier_id}/veiligheidsscores/{review_id}"


def open_review(client, dossier_id: int) -> int:
    page = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    response = client.post(f"/dossiers/{dossier_id}/veiligheidsscores/nieuw",
                           data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302, response.status_code
    return int(response.headers["Location"].rsplit("/", 1)[1])


def give_score(client, dossier_id: int, review_id: int, score, rationale: str = "Toelichting.",
               version: str | None = None):
    page = client.get(review_url(dossier_id, review_id)).get_data(as_text=True)
    return client.post(review_url(dossier_id, review_id) + "/score", data={
        "csrf_token": csrf_token(page), "score": str(score), "rationale": rationale,
        "version": hidden(page, "version") if version is None else version})


def close_review(client, dossier_id: int, review_id: int, team_score, rationale: str = "Vastgesteld.",
                 version: str | None = None):
    page = client.get(review_url(dossier_id, review_id)).get_data(as_text=True)
    return client.post(review_url(dossier_id, review_id) + "/afsluiten", data={
        "csrf_token": csrf_token(page), "team_score": str(team_score), "team_rationale": rationale,
        "review_version": hidden(page, "review_version") if version is None else version})


def dutch_day(day) -> str:
    return format_date(day, "d MMMM y", locale="nl")
