"""Catchball packets: export for a person, answer, import; every refusal leaves the session as it was."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hoshin_tui.cli import main
from hoshin_tui.core.catchball import send_for_review, thread_of
from hoshin_tui.core.workspace import Workspace
from hoshin_tui.export.demo import build_demo_plan
from hoshin_tui.export.packet import answer_ids, packet_json, packet_schema
from hoshin_tui.export.packet_build import PacketRefused, build_packet, find_person
from hoshin_tui.export.packet_import import import_packet, read_packet
from hoshin_tui.export.packet_reply import reply_interactively
from hoshin_tui.model.enums import CatchballKind, CatchballState
from hoshin_tui.model.plan import Plan
from hoshin_tui.store.session import SessionStore
from tests.plans import small_plan

DOCS = Path(__file__).resolve().parent.parent / "docs"
NOW = (datetime.now(UTC) - timedelta(days=3)).replace(microsecond=0)  # the throw, before any answer


def _thrown_demo() -> Plan:
    """The demo with measure M3 reopened by a deployment leader and thrown to its owner, who must answer."""
    plan = build_demo_plan()
    measure = next(m for m in plan.measures if m.code == "M3")
    priya = find_person(plan, "Priya Raman")
    plan = plan.model_copy(
        update={"catchball_states": [s for s in plan.catchball_states if s.item_id != measure.id]}
    )  # a draft, whatever the demo says
    entry, status = send_for_review(
        plan, measure.id, who_id=priya.id, to_id=measure.owner_id or "", text="Can you commit to this target?", now=NOW
    ).saves
    return plan.model_copy(
        update={
            "catchball_entries": [*plan.catchball_entries, entry],
            "catchball_states": [*plan.catchball_states, status],
        }
    )


@pytest.fixture
def session(workspace: Workspace) -> Path:
    with workspace.create("plant", _thrown_demo()) as store:
        return store.path


def _owner_of_m3(session: Path) -> tuple[Plan, str, str]:
    with SessionStore.open(session, read_only=True) as store:
        plan = store.load()
    measure = next(m for m in plan.measures if m.code == "M3")
    return plan, measure.id, plan.person_name(measure.owner_id)


def _packet_file(tmp_path: Path, session: Path, person: str) -> Path:
    with SessionStore.open(session, read_only=True) as store:
        plan = store.load()
    packet = build_packet(plan, find_person(plan, person), session="plant", now=NOW)
    path = tmp_path / "packet.json"
    path.write_text(packet_json(packet), encoding="utf-8")
    return path


def _answer(path: Path, code: str, *answers: dict[str, object]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["code"] == code)
    item["answers"] += list(answers)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def _files(session: Path) -> dict[str, bytes]:
    """The session file and whatever SQLite keeps beside it, byte for byte."""
    return {p.name: p.read_bytes() for p in session.parent.iterdir() if p.name.startswith(session.name)}


# --- the round trip -------------------------------------------------------------------------------


def test_a_packet_holds_the_persons_items_with_their_threads_and_whose_turn_it_is(tmp_path, session):
    plan, m3, owner = _owner_of_m3(session)
    packet = read_packet(_packet_file(tmp_path, session, owner))
    assert packet.person.name == owner
    item = next(i for i in packet.items if i.id == m3)
    assert item.your_turn and item.state == "in_review"
    assert item.thread[-1].text == "Can you commit to this target?"
    assert item.thread[-1].to == owner and item.thread[-1].who == "Priya Raman"
    assert "target" in item.may_propose and item.values["target"]
    owned = {m.id for m in plan.measures if m.owner_id == packet.person.id}
    assert owned <= {i.id for i in packet.items}


def test_round_trip_adds_exactly_the_new_answers_once_and_undoes_in_one_step(tmp_path, session):
    plan, m3, owner = _owner_of_m3(session)
    before = len(plan.catchball_entries)
    path = _packet_file(tmp_path, session, owner)
    _answer(
        path,
        "M3",
        {"kind": "question", "text": "Does the target count the Riverside plant?"},
        {"kind": "counter_proposal", "text": "Two technicians short", "change": {"field": "target", "to": "20"}},
    )
    added, summary = import_packet(session, path)
    assert len(added.entries) == 2 and "Added 2 turns" in summary
    with SessionStore.open(session) as store:
        plan = store.load()
        thread = thread_of(plan, m3)
        assert len(plan.catchball_entries) == before + 2
        assert [t.text for t in thread[-2:]] == ["Does the target count the Riverside plant?", "Two technicians short"]
        assert all(
            t.who_id == find_person(plan, owner).id and t.to_id == find_person(plan, "Priya").id for t in thread[-2:]
        )
        assert thread[-1].proposal is not None and thread[-1].proposal.to_value == "20"
        assert next(s.state for s in plan.catchball_states if s.item_id == m3) is CatchballState.REVISED
        packet = read_packet(path)
        assert [t.id for t in thread[-2:]] == answer_ids(packet.packet_id, next(i for i in packet.items if i.id == m3))
    files = _files(session)
    again, summary = import_packet(session, path)
    assert again.entries == [] and "Nothing new" in summary
    assert _files(session) == files  # a second import does not even open the file for writing
    with SessionStore.open(session) as store:
        assert store.undo() is not None
        assert len(store.load().catchball_entries) == before


def test_an_agreement_in_a_packet_accepts_the_counter_proposal_and_changes_the_plan(tmp_path, session):
    plan, m3, owner = _owner_of_m3(session)
    old_target = next(m.target for m in plan.measures if m.id == m3)
    path = _packet_file(tmp_path, session, owner)
    _answer(
        path,
        "M3",
        {"kind": "counter_proposal", "text": "20 is what we can do", "change": {"field": "target", "to": "20"}},
    )
    import_packet(session, path)
    (tmp_path / "priya").mkdir()
    priya = _packet_file(tmp_path / "priya", session, "Priya Raman")
    _answer(priya, "M3", {"kind": "agreement", "text": "Agreed, with the two technicians"})
    import_packet(session, priya)
    with SessionStore.open(session) as store:
        plan = store.load()
        assert next(m.target for m in plan.measures if m.id == m3) == 20
        assert next(s.state for s in plan.catchball_states if s.item_id == m3) is CatchballState.AGREED
        assert thread_of(plan, m3)[-1].kind is CatchballKind.AGREEMENT
        store.undo()  # one step takes back the agreement, the state and the target
        plan = store.load()
        assert next(m.target for m in plan.measures if m.id == m3) == old_target
        assert next(s.state for s in plan.catchball_states if s.item_id == m3) is CatchballState.REVISED


def test_an_answer_removed_or_moved_in_an_editor_does_not_hide_a_new_one(tmp_path, session):
    _, _, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    _answer(
        path, "M3", {"kind": "comment", "text": "A"}, {"kind": "comment", "text": "B"}, {"kind": "comment", "text": "B"}
    )
    assert len(import_packet(session, path)[0].entries) == 3
    data = json.loads(path.read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["code"] == "M3")
    item["answers"] = [item["answers"][2], item["answers"][1], {"kind": "comment", "text": "C"}]  # A gone, B and B kept
    path.write_text(json.dumps(data), encoding="utf-8")
    added, _ = import_packet(session, path)
    assert [e.text for e in added.entries] == ["C"] and added.skipped == 2


def test_an_edit_between_the_check_and_the_write_is_checked_again(tmp_path, session, monkeypatch):
    from hoshin_tui.export import packet_import

    _, m3, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    _answer(path, "M3", {"kind": "comment", "text": "Hello"})
    real = packet_import._history_stamp
    calls = []

    def moved(store):  # the second look sees another history: as if someone edited in between
        calls.append(1)
        if len(calls) == 2:
            store.delete(next(m for m in store.load().measures if m.id == m3))
        return real(store)

    monkeypatch.setattr(packet_import, "_history_stamp", moved)
    with pytest.raises(PacketRefused, match="was deleted from the plan"):
        import_packet(session, path)


def test_a_packet_answered_further_adds_only_the_new_answers(tmp_path, session):
    _, _, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    _answer(path, "M3", {"kind": "comment", "text": "First thought"})
    assert len(import_packet(session, path)[0].entries) == 1
    _answer(path, "M3", {"kind": "concern", "text": "Second thought"})
    added, _ = import_packet(session, path)
    assert [e.text for e in added.entries] == ["Second thought"] and added.skipped == 1


# --- refusals: one line, nothing changed ----------------------------------------------------------


def _refused(session: Path, path: Path, words: str) -> None:
    files = _files(session)
    with pytest.raises(PacketRefused) as refused:
        import_packet(session, path)
    message = str(refused.value)
    assert words in message and "\n" not in message
    assert _files(session) == files


def test_a_packet_from_another_plan_is_refused_and_the_session_is_untouched(tmp_path, workspace, session):
    _, _, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    _answer(path, "M3", {"kind": "comment", "text": "Hello"})
    with workspace.create("other", small_plan()) as store:
        other = store.path
    _refused(other, path, "another plan")


def test_a_packet_with_an_edited_id_is_refused(tmp_path, session):
    plan, m3, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    _answer(path, "M3", {"kind": "comment", "text": "Hello"})
    other_measure = next(m.id for m in plan.measures if m.id != m3)
    path.write_text(path.read_text(encoding="utf-8").replace(m3, other_measure), encoding="utf-8")
    _refused(session, path, "its id or code was edited")


def test_a_packet_with_an_edited_thread_is_refused(tmp_path, session):
    _, _, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    path.write_text(path.read_text(encoding="utf-8").replace("Can you commit", "You must commit"), encoding="utf-8")
    _refused(session, path, "changed outside its answers")


def test_a_truncated_packet_is_refused(tmp_path, session):
    _, _, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    _refused(session, path, "ends too soon")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00garbage", "not UTF-8"),
        (b"hello, this is not json", "not valid JSON"),
        (b'{"title": "a plan, not a packet"}', "not a catchball packet"),
        (b"[1, 2, 3]", "not a catchball packet"),
        (b"", "not valid JSON"),
    ],
)
def test_a_garbage_packet_is_refused(tmp_path, session, content, words):
    path = tmp_path / "garbage.json"
    path.write_bytes(content)
    _refused(session, path, words)


def test_a_packet_whose_item_was_deleted_is_refused(tmp_path, session):
    _, m3, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    _answer(path, "M3", {"kind": "comment", "text": "Hello"})
    with SessionStore.open(session) as store:
        store.delete(next(m for m in store.load().measures if m.id == m3))
    _refused(session, path, "was deleted from the plan")


def test_an_answer_the_rules_refuse_is_refused_whole(tmp_path, session):
    _, _, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    agreed = [i for i in read_packet(path).items if i.state == "agreed"]
    _answer(path, "M3", {"kind": "comment", "text": "fine"})
    _answer(path, agreed[0].code, {"kind": "agreement", "text": "Agreed"})  # already agreed: reopen it first
    _refused(session, path, "nothing was imported")


def test_an_answer_with_an_unknown_kind_names_the_item_and_answer(tmp_path, session):
    _, _, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    _answer(path, "M3", {"kind": "shrug", "text": "?"})
    _refused(session, path, "item M3, answer 1, kind")


def test_a_session_open_in_another_window_is_not_imported_into(tmp_path, session):
    _, _, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    _answer(path, "M3", {"kind": "comment", "text": "Hello"})
    with SessionStore.open(session) as other_window:
        assert not other_window.read_only
        with pytest.raises(PacketRefused, match="open for editing in another window; close it there"):
            import_packet(session, path)


def test_the_cli_refuses_in_one_line_and_exit_status_1(tmp_path, workspace, session, capsys):
    path = tmp_path / "garbage.json"
    path.write_text("{", encoding="utf-8")
    code = main(["--workspace", str(workspace.root), "import", "catchball", "plant", str(path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and "ends too soon" in err[0]


# --- the CLI and the reply command ---------------------------------------------------------------


def test_export_reply_and_import_from_the_command_line(tmp_path, workspace, session, capsys):
    _, m3, owner = _owner_of_m3(session)
    root = str(workspace.root)
    out = tmp_path / "out"
    assert main(["--workspace", root, "export", "catchball", "plant", "--for", owner, "-o", str(out)]) == 0
    packet = next(out.glob("*.json"))
    assert next(out.glob("*.pdf")).stat().st_size > 0
    args = ["--workspace", root, "reply", str(packet), "--item", "M3", "--kind", "counter-proposal"]
    assert main([*args, "--text", "Make it 21", "--field", "target", "--to", "21"]) == 0
    capsys.readouterr()
    assert main(["--workspace", root, "import", "catchball", "plant", str(packet)]) == 0
    assert "Added" in capsys.readouterr().out
    with SessionStore.open(session, read_only=True) as store:
        assert thread_of(store.load(), m3)[-1].text == "Make it 21"
    assert main(["--workspace", root, "import", "catchball", "plant", str(packet)]) == 0
    assert "Nothing new" in capsys.readouterr().out


def test_reply_interactively_walks_the_items_waiting_first(tmp_path, session):
    _, m3, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    answers = iter(["q", "Which plant?", "p", "target", "22", "Because of the technicians", "w"])
    said: list[str] = []
    added = reply_interactively(path, ask=lambda prompt: next(answers), say=said.append)
    assert added == 2
    item = next(i for i in read_packet(path).items if i.id == m3)
    assert [(a.kind, a.text) for a in item.answers] == [
        ("question", "Which plant?"),
        ("counter_proposal", "Because of the technicians"),
    ]
    assert item.answers[1].change is not None and item.answers[1].change.to == "22"
    assert any(line.startswith("[1/") and "M3" in line for line in said)
    assert len(import_packet(session, path)[0].entries) == 2


def test_reply_refuses_what_the_import_would_refuse(tmp_path, session):
    _, _, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    answers = iter(["x", "", "w"])  # a rejection without a reason
    said: list[str] = []
    assert reply_interactively(path, ask=lambda prompt: next(answers), say=said.append) == 0
    assert any(line.startswith("Not added:") for line in said)


# --- the published schema --------------------------------------------------------------------------


def test_the_published_packet_schema_is_current_and_a_packet_meets_it(tmp_path, session):
    import jsonschema

    published = (DOCS / "catchball-packet.schema.json").read_text(encoding="utf-8")
    assert published == packet_schema(), (
        'regenerate: .venv/bin/python -c "from hoshin_tui.export.packet import packet_schema; '
        "open('docs/catchball-packet.schema.json','w').write(packet_schema())\""
    )
    _, _, owner = _owner_of_m3(session)
    path = _packet_file(tmp_path, session, owner)
    _answer(path, "M3", {"kind": "counter_proposal", "text": "x", "change": {"field": "target", "to": "20"}})
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), json.loads(published))


def test_a_person_not_in_the_plan_is_one_line(session):
    with SessionStore.open(session, read_only=True) as store:
        plan = store.load()
    with pytest.raises(PacketRefused, match="is not a person of this plan"):
        find_person(plan, "Nobody Here")
