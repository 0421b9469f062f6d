"""Health findings of a rolled-forward plan: the targets the room has still to set.

A measure carried into next year keeps last year's final actual as its baseline and has no
target until the room sets one. Cheap: one pass over the lineage and the measures, and
nothing at all for a plan that was never rolled forward.
"""

from __future__ import annotations

from hoshin_tui.core.health import Finding
from hoshin_tui.model.plan import Plan

RULE = "no target"


def rolled_forward_findings(plan: Plan) -> list[Finding]:
    if not plan.lineage:
        return []
    carried = {record.new_id for record in plan.lineage if record.kind == "measures" and record.new_id}
    findings = []
    for measure in plan.measures:
        if measure.id in carried and measure.target is None:
            name = " ".join(f"{measure.code} {measure.name}".split())
            baseline = (
                f"baseline {measure.baseline:g} from {plan.derived_from_period or 'last year'}; "
                if measure.baseline is not None
                else ""
            )
            findings.append(
                Finding(
                    "warning",
                    "measures",
                    measure.id,
                    f"Measure '{name}' has no target for {plan.period or 'this year'}: {baseline}the room sets one",
                    RULE,
                )
            )
    return findings
