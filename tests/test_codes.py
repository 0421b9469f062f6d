"""Item codes: the screen and the printed X-matrix call each item the same."""

from hoshin_tui.core.codes import item_codes
from hoshin_tui.model.plan import Initiative, Plan


def test_initiatives_are_numbered_strategic_first_in_the_rooms_order():
    plan = Plan(
        initiatives=[
            Initiative(id="in_a", title="Tidy the stores", kind="operational"),
            Initiative(id="in_b", title="Enter the service market", kind="strategic"),
            Initiative(id="in_c", title="Five-minute changeovers", kind="operational"),
            Initiative(id="in_d", title="Launch the E-series", kind="strategic"),
        ]
    )
    codes = item_codes(plan)
    assert [codes[i] for i in ("in_b", "in_d", "in_a", "in_c")] == ["I1", "I2", "I3", "I4"]


def test_every_list_has_its_letter():
    from tests.plans import small_plan

    codes = item_codes(small_plan())
    assert codes == {"st_grow": "S1", "ob_oem": "O1", "in_smed": "I1", "me_otd": "M1"}
