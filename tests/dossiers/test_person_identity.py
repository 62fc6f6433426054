"""Who a person is for the radar: the name key, and the BSN checked with the eleven test. A BSN
that fails it is refused with a clear message, and nothing the user typed is lost."""
import pytest
from sqlalchemy import func, select

from mda.dossiers.identity import bsn_problem, clean_bsn, masked_bsn, name_key, passes_eleven_test
from mda.dossiers.models import Dossier, Person
from mda.extensions import db
from tests.dossiers.test_dossiers import NEW_DOSSIER
from tests.support.web import login, post_form

VALID_BSN = "111222333"  # 9·1 + 8·1 + 7·1 + 6·2 + 5·2 + 4·2 + 3·3 + 2·3 − 1·3 = 66 = 6 · 11
FAILS_ELEVEN_TEST = "111222334"
ELEVEN_TEST_MESSAGE = "Dit BSN is niet geldig: het voldoet niet aan de elfproef."


@pytest.mark.parametrize("written, key", [
    ("Zeynep Öztürk", "zeynep ozturk"), ("  ZEYNEP   ozturk ", "zeynep ozturk"),
    ("Sanne Bakker-Yilmaz", "sanne bakker yilmaz"), ("Sanne Bakker - Yilmaz", "sanne bakker yilmaz"),
    ("Ewa Zielińska", "ewa zielinska"), ("Łukasz Großmann", "lukasz grossmann"), ("Jan 't Hart", "jan t hart"),
    ("Chloë Ørsted", "chloe orsted"),
])
def test_the_name_key_forgets_case_accents_hyphens_and_spacing(written, key):
    assert name_key(written) == key


@pytest.mark.parametrize("bsn, problem", [
    (VALID_BSN, None), ("123456782", None), ("1234.56.782", None), ("123 456 782", None), ("", None),
    (FAILS_ELEVEN_TEST, "eleven_test"), ("000000000", "eleven_test"), ("12345", "length"), ("12345678a", "length"),
    ("1234567890", "length"), ("１２３４５６７８２", "length"),
])
def test_the_eleven_test(bsn, problem):
    assert bsn_problem(bsn) == problem


def test_a_bsn_keeps_its_digits_and_shows_only_its_last_three():
    assert clean_bsn("1234.56.782") == "123456782" and passes_eleven_test("123456782")
    assert clean_bsn("23456782") == "023456782"  # written without its leading zero
    assert masked_bsn("123456782") == "••••••782" and masked_bsn(None) == ""


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_person_with_a_bsn_that_fails_the_eleven_test_is_refused_and_nothing_is_lost(app, client, region_setup):
    login(client, "coord", "pw")
    path = f"/dossiers/{region_setup['dossier']}/persons/new"
    before = count(app, Person)
    response = post_form(client, path, {"name": "Noor Eerste", "role": "child", "date_of_birth": "2016-03-01",
                                        "bsn": FAILS_ELEVEN_TEST})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ELEVEN_TEST_MESSAGE in html
    assert 'value="Noor Eerste"' in html and f'value="{FAILS_ELEVEN_TEST}"' in html and 'value="2016-03-01"' in html
    assert count(app, Person) == before
    response = post_form(client, path, {"name": "Noor Eerste", "role": "child", "date_of_birth": "2016-03-01",
                                        "bsn": "1112.22.333"})
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.name == "Noor Eerste"))
        assert (person.bsn, person.match_name) == (VALID_BSN, "noor eerste")
    page = client.get(f"/dossiers/{region_setup['dossier']}").get_data(as_text=True)
    assert "••••••333" in page and VALID_BSN not in page


def test_a_new_dossier_with_a_bsn_that_fails_is_refused_whole(app, client, region_setup):
    login(client, "coord", "pw")
    before = count(app, Dossier)
    response = post_form(client, "/dossiers/new", {**NEW_DOSSIER, "persons-1-bsn": "12345"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Een BSN heeft 9 cijfers." in html
    assert 'value="Gezin Nieuw"' in html and 'value="Kees Nieuw"' in html and 'value="12345"' in html
    assert "Melding na huisbezoek." in html
    assert count(app, Dossier) == before


def test_the_operation_refuses_a_bsn_that_fails_too(app_ctx, region_setup):
    from mda.auth.models import User
    from mda.dossiers import operations as ops
    from mda.errors import RuleError
    coordinator = db.session.scalar(select(User).where(User.username == "coord"))
    dossier = db.session.get(Dossier, region_setup["dossier"])
    with pytest.raises(RuleError) as refused:
        ops.add_person(coordinator, dossier, name="Noor Eerste", role="child", date_of_birth=None,
                       school_id=None, bsn=FAILS_ELEVEN_TEST)
    assert refused.value.field == "bsn"
    assert db.session.scalar(select(func.count()).select_from(Person).where(Person.name == "Noor Eerste")) == 0
