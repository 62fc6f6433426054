"""The risk-assessment instruments as they are built, and the temporary restraining order's
lifecycle: plain Python, no application."""
from datetime import date

import pytest

from workflows import (GUARDS, RESTRAINING_ORDER_WORKFLOW, RISK_INSTRUMENTS, RISK_LEVELS, RestrainingOrderFacts,
                       evaluate, first_end, latest_end, order_status)

RIHG = RISK_INSTRUMENTS["rihg"]
B_SAFER = RISK_INSTRUMENTS["b_safer"]


def test_the_rihg_has_three_parts_and_its_signals_are_red_blue_or_yellow():
    assert [part.label.nl for part in RIHG.parts] == [
        "Deel 1: de (mogelijke) pleger", "Deel 2: het verloop van het geweldsincident",
        "Deel 3: de gezinsachtergronden"]
    assert [q.code for q in RIHG.questions][:3] == ["perpetrator_red", "perpetrator_blue", "perpetrator_yellow"]
    assert all(q.is_count for q in RIHG.questions)


@pytest.mark.parametrize("answers, points", [
    ({"perpetrator_red": "2", "perpetrator_blue": "3", "perpetrator_yellow": "2"}, True),
    ({"perpetrator_red": "1", "incident_red": "1", "family_red": "1"}, False),  # reds spread over parts
    ({"incident_red": "3", "incident_yellow": "4"}, True),
    ({"family_blue": "6"}, False),
])
def test_two_red_signals_in_one_part_point_to_a_restraining_order(answers, points):
    assert RIHG.check(answers) == ()
    assert RIHG.points_to_restraining_order(answers) is points


def test_a_rihg_counts_at_most_twenty_signals_and_at_least_one():
    (problem,) = RIHG.check({"perpetrator_red": "8", "incident_blue": "8", "family_yellow": "5"})
    assert problem.message.nl == "De RiHG heeft 20 signalen; er zijn er 21 ingevuld."
    assert RIHG.check({"perpetrator_red": "", "incident_red": "0"})[0].question == ""
    (wrong,) = RIHG.check({"perpetrator_red": "twee"})
    assert (wrong.question, wrong.message.en) == ("perpetrator_red", "Enter a whole number of 0 or more.")


def test_b_safer_rates_ten_factors_now_and_in_the_past_and_needs_every_rating():
    assert len(B_SAFER.questions) == 20 and len([i for p in B_SAFER.parts for i in p.items]) == 10
    every = {q.code: "absent" for q in B_SAFER.questions}
    assert B_SAFER.check(every) == ()
    assert B_SAFER.points_to_restraining_order({**every, "violent_acts_now": "present"}) is False
    missing = B_SAFER.check({**every, "escalation_past": "", "employment_now": "maybe"})
    assert {(p.question, p.message.en) for p in missing} == {
        ("escalation_past", "Answer this item."), ("employment_now", "Choose one of the answers.")}


def test_instruments_without_public_items_record_only_the_level():
    for code in ("arij", "care_nl", "lirik", "other"):
        assert RISK_INSTRUMENTS[code].questions == () and RISK_INSTRUMENTS[code].check({}) == ()
    assert list(RISK_LEVELS) == ["low", "moderate", "high"]


def facts(state="imposed", today=date(2026, 3, 5), new_end=None):
    imposed = date(2026, 3, 2)
    return RestrainingOrderFacts(state, imposed, first_end(imposed), today, new_end)


def test_a_restraining_order_runs_ten_days_and_at_most_twenty_eight():
    assert first_end(date(2026, 3, 2)) == date(2026, 3, 12)
    assert latest_end(date(2026, 3, 2)) == date(2026, 3, 30)
    assert order_status("imposed", date(2026, 3, 12), date(2026, 3, 12)) == "imposed"
    assert order_status("extended", date(2026, 3, 12), date(2026, 3, 13)) == "ended"
    assert order_status("lifted", date(2026, 3, 12), date(2026, 3, 13)) == "lifted"


def test_an_extension_runs_to_a_later_day_within_twenty_eight_days_before_the_order_ends():
    assert evaluate(RESTRAINING_ORDER_WORKFLOW, "extend", facts(new_end=date(2026, 3, 30))) == ()
    assert evaluate(RESTRAINING_ORDER_WORKFLOW, "extend", facts()) == ()  # offered before the date is given
    (too_long,) = evaluate(RESTRAINING_ORDER_WORKFLOW, "extend", facts(new_end=date(2026, 3, 31)))
    assert too_long.nl == ("Een huisverbod duurt ten hoogste 28 dagen: verlengen kan tot uiterlijk 30-03-2026.")
    (earlier,) = evaluate(RESTRAINING_ORDER_WORKFLOW, "extend", facts(new_end=date(2026, 3, 12)))
    assert earlier.code == "extension_not_later"
    (ended,) = evaluate(RESTRAINING_ORDER_WORKFLOW, "extend", facts(today=date(2026, 3, 13),
                                                                     new_end=date(2026, 3, 20)))
    assert ended.nl == "Het huisverbod is afgelopen op 12-03-2026."
    assert evaluate(RESTRAINING_ORDER_WORKFLOW, "extend", facts(state="extended"))[0].code == "not_possible_in_state"


def test_an_order_is_withdrawn_only_while_it_runs():
    assert evaluate(RESTRAINING_ORDER_WORKFLOW, "lift", facts(state="extended")) == ()
    assert evaluate(RESTRAINING_ORDER_WORKFLOW, "lift", facts(today=date(2026, 3, 13)))[0].code == "order_ended"
    assert {"order_running", "order_extendable"} <= GUARDS.keys()
