"""The guided flow, in order. A new step is one module plus one line here."""

from __future__ import annotations

from hoshin_tui.tui.steps.base import Step, StepView

STEPS: list[Step] = [
    Step("aim", "Aim", "hoshin_tui.tui.steps.aim:AimStep", summary="the aim of the system, True North"),
    Step(
        "strategies",
        "Strategies",
        "hoshin_tui.tui.steps.strategies:StrategiesStep",
        ("strategies",),
        "breakthrough objectives, 3-5 years",
    ),
    Step(
        "objectives",
        "Objectives",
        "hoshin_tui.tui.steps.objectives:ObjectivesStep",
        ("objectives",),
        "annual objectives",
    ),
    Step(
        "initiatives",
        "Initiatives",
        "hoshin_tui.tui.steps.initiatives:InitiativesStep",
        ("initiatives",),
        "strategic initiatives and operational improvements",
    ),
    Step("measures", "Measures", "hoshin_tui.tui.steps.measures:MeasuresStep", ("measures",), "KPIs and targets"),
    Step("people", "People", "hoshin_tui.tui.steps.people:PeopleStep", ("people",), "owners and team members"),
    Step("matrix", "X-matrix", "hoshin_tui.tui.steps.matrix:MatrixStep", summary="correlations and people marks"),
    Step("a3", "A3s", "hoshin_tui.tui.steps.a3:A3Step", ("a3s",), "A3 sheets: strategy, problem-solving, status"),
    Step(
        "agenda",
        "Agenda",
        "hoshin_tui.tui.steps.agenda:AgendaStep",
        ("agenda", "parking_lot", "decisions"),
        "the agenda and its timer, the parking lot, decisions and actions",
    ),
    Step("vote", "Vote", "hoshin_tui.tui.steps.vote:VoteStep", ("votes",), "dot votes: tally or per voter, winners"),
    Step(
        "review",
        "Review",
        "hoshin_tui.tui.steps.review:ReviewStep",
        ("monthly_results", "countermeasures"),
        "the bowling chart: monthly plan and actual, countermeasures, review mode",
    ),
    Step(
        "catchball",
        "Catchball",
        "hoshin_tui.tui.steps.catchball:CatchballStep",
        ("catchball_states",),
        "negotiate items between levels",
    ),
]


def step_for_kind(kind: str) -> int | None:
    """Index of the step showing the plan list ``kind``."""
    return next((i for i, step in enumerate(STEPS) if kind in step.kinds), None)


__all__ = ["STEPS", "Step", "StepView", "step_for_kind"]
