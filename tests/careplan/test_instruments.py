"""The screening instruments' published cut-offs, ranges and age groups, on their boundaries."""
import pytest

from mda.careplan.instruments import INSTRUMENTS, InvalidResult, judge


def fields(code, **kwargs):
    with pytest.raises(InvalidResult) as refused:
        judge(code, **kwargs)
    return {problem.field for problem in refused.value.problems}


@pytest.mark.parametrize("code, age, below, cutoff, top", [
    ("cries13", 12, 29, 30, 65),
    ("pcl5", 40, 32, 33, 80),
    ("tsq", 40, 5, 6, 10),
])
def test_cutoffs_and_ranges(code, age, below, cutoff, top):
    assert judge(code, age=age, score=0).positive is False
    assert judge(code, age=age, score=below).positive is False
    assert judge(code, age=age, score=cutoff).positive is True
    assert judge(code, age=age, score=top).positive is True
    assert fields(code, age=age, score=top + 1) == {"score"}
    assert fields(code, age=age, score=-1) == {"score"}
    assert fields(code, age=age, score=None) == {"score"}


def test_crtes_bands_decide():
    expected = {0: "low", 14: "low", 15: "moderate", 27: "moderate", 28: "high", 115: "high"}
    for score, band in expected.items():
        result = judge("crtes", age=10, score=score)
        assert (result.band, result.positive) == (band, band == "high"), score
    assert fields("crtes", age=10, score=116) == {"score"}


def test_kjts_records_a_band_and_yellow_advises_follow_up():
    assert judge("kjts", age=6, band="green").positive is False
    yellow = judge("kjts", age=6, band="yellow")
    assert (yellow.positive, yellow.follow_up, yellow.band) == (False, True, "yellow")
    assert judge("kjts", age=6, band="red").positive is True
    assert fields("kjts", age=6) == {"band"}
    assert fields("kjts", age=6, band="red", score=12) == {"score"}
    assert fields("pcl5", age=30, score=40, band="red") == {"band"}


def test_other_instrument_uses_its_own_cutoff_without_range():
    assert judge("other", age=None, score=11, cutoff=12, other_name="IES-R").positive is False
    assert judge("other", age=None, score=12, cutoff=12, other_name="IES-R").positive is True
    assert judge("other", age=50, score=1000, cutoff=12, other_name="IES-R").positive is True
    assert fields("other", age=None, score=5) == {"other_instrument", "other_cutoff"}
    assert fields("other", age=None, score=-1, cutoff=-2, other_name="IES-R") == {"score", "other_cutoff"}


@pytest.mark.parametrize("code, too_young, youngest, oldest, too_old", [
    ("cries13", 7, 8, 18, 19),
    ("kjts", 2, 3, 18, 19),
    ("crtes", 3, 4, 17, 18),
    ("pcl5", 17, 18, 110, None),
    ("tsq", 17, 18, 110, None),
])
def test_age_groups(code, too_young, youngest, oldest, too_old):
    values = {"band": "green"} if code == "kjts" else {"score": 0}
    assert fields(code, age=too_young, **values) == {"instrument"}
    judge(code, age=youngest, **values)
    judge(code, age=oldest, **values)
    if too_old is not None:
        assert fields(code, age=too_old, **values) == {"instrument"}
    assert fields(code, age=None, **values) == {"instrument"}


def test_age_refusal_names_the_age_group():
    with pytest.raises(InvalidResult) as refused:
        judge("pcl5", age=15, score=40)
    message = str(refused.value.problems[0].message)
    assert "PCL-5" in message and "adults (18 and over)" in message and "15" in message


def test_unknown_instrument_is_refused():
    assert fields("ies", age=30, score=3) == {"instrument"}
    assert set(INSTRUMENTS) == {"cries13", "kjts", "pcl5", "tsq", "crtes", "other"}
