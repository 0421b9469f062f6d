"""Validation gives messages a facilitator can act on."""

import pytest
from pydantic import ValidationError

from hoshin_tui.core.review import status_colour
from hoshin_tui.model import errors_by_field, human_errors
from hoshin_tui.model.plan import AgendaItem, Initiative, Measure, MonthlyResult, Plan, Strategy


@pytest.mark.parametrize(
    ("model", "data", "field", "message"),
    [
        (Measure, {"name": "OTD", "target": "ten"}, "target", "Target must be a number, got 'ten'"),
        (Measure, {"name": "OTD", "baseline": "n/a"}, "baseline", "Baseline must be a number, got 'n/a'"),
        (Measure, {"name": "  "}, "name", "Name must not be empty"),
        (Strategy, {}, "title", "Title is required"),
        (Initiative, {"title": "X", "due": "soon"}, "due", "Due must be a date like 2027-03-31, got 'soon'"),
        (AgendaItem, {"title": "Aim", "minutes": "half an hour"}, "minutes", "Minutes must be a whole number"),
        (AgendaItem, {"title": "Aim", "minutes": 0}, "minutes", "Minutes must be at least 1, got 0"),
        (MonthlyResult, {"measure_id": "me_1", "month": "March"}, "month", "Month must look like 2027-03, got 'March'"),
    ],
)
def test_field_errors_read_as_sentences(model, data, field, message):
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    assert errors_by_field(caught.value, model)[field].startswith(message)


def test_whole_item_error_is_keyed_to_no_field():
    with pytest.raises(ValidationError) as caught:
        Initiative(title="SMED", start="2027-05-01", due="2027-01-01")
    assert errors_by_field(caught.value, Initiative) == {"": "Due (2027-01-01) must not be before start (2027-05-01)"}


def test_unknown_field_is_named():
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate({"strategys": []})
    assert human_errors(caught.value, Plan) == "Strategys is not a known field"


def test_titles_are_trimmed_and_ids_are_stable_and_prefixed():
    strategy = Strategy(title="  Grow  ")
    assert strategy.title == "Grow"
    assert strategy.id.startswith("st_") and len(strategy.id) == 11
    assert Strategy.model_validate(strategy.model_dump()).id == strategy.id


@pytest.mark.parametrize(
    ("direction", "plan", "actual", "colour"),
    [
        ("higher", 90, 91, "green"),
        ("higher", 90, 87, "yellow"),
        ("higher", 90, 70, "red"),
        ("lower", 20, 19, "green"),
        ("lower", 20, 30, "red"),
        ("lower", 20, None, None),
    ],
)
def test_status_colour_follows_direction(direction, plan, actual, colour):
    measure = Measure(name="m", direction=direction)
    result = MonthlyResult(measure_id=measure.id, month="2027-01", plan=plan, actual=actual)
    assert status_colour(measure, result) == colour


def test_colour_set_by_hand_wins():
    measure = Measure(name="m")
    result = MonthlyResult(
        measure_id=measure.id, month="2027-01", plan=90, actual=10, colour="green", override_reason="counted twice"
    )
    assert status_colour(measure, result) == "green"
