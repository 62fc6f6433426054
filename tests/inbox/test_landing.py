"""After login each role lands where its work is: coordinators and partners on their tasks, the
school on its Handle with Care signals, the administrator on the administration."""
import pytest

from tests.support.web import login, token_for


@pytest.mark.parametrize("username, page", [
    ("regisseur", "/taken"), ("wijkteam", "/taken"), ("politie", "/taken"), ("veiligthuis", "/taken"),
    ("ggz", "/taken"), ("school", "/taken"), ("beheer", "/beheer"),
])
def test_each_role_lands_where_its_work_is(app, demo, username, page):
    client = app.test_client()
    assert login(client, username).headers["Location"] == page
    assert client.get("/").headers["Location"] == page  # the start page too
    assert client.get(page).status_code == 200


def test_the_school_lands_on_its_handle_with_care_signals(app, demo):
    client = app.test_client()
    login(client, "school")
    html = client.get("/taken").get_data(as_text=True)
    assert '<h1 class="utrecht-heading-1">Handle with Care-signalen</h1>' in html
    assert "nooit wat er is gebeurd" in html


def test_a_page_asked_for_before_login_comes_first(app, demo):
    client = app.test_client()
    response = client.post("/login?next=/inbox", data={
        "username": "regisseur", "password": "demo", "csrf_token": token_for(client, "/login")})
    assert response.headers["Location"] == "/inbox"
