"""keymap.toml: binding ids mapped to keys, read without ever stopping the app."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from reintegrate.keymap import (
    APP_SCOPE,
    MAX_IDS,
    KeymapFile,
    KnownBinding,
    check_keymap,
    keymap_file,
    read_keymap,
)

KNOWN = {
    "app.help": KnownBinding(frozenset({APP_SCOPE}), ("question_mark", "f1")),
    "app.quit": KnownBinding(frozenset({APP_SCOPE}), ("q",)),
    "today.record": KnownBinding(frozenset({"TodayScreen"}), ("r",)),
    "today.history": KnownBinding(frozenset({"TodayScreen"}), ("h",)),
    "schedule.more": KnownBinding(frozenset({"ScheduleScreen"}), ("plus", "equals_sign")),
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_is_in_the_config_folder_the_tests_point_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv("REINTEGRATE_CONFIG", str(tmp_path / "config"))
    assert keymap_file() == tmp_path / "config" / "keymap.toml"


def test_no_file_asks_for_nothing(tmp_path):
    found = read_keymap(tmp_path / "keymap.toml")
    assert found.keys == {} and found.problems == []


def test_quoted_ids_tables_and_lists_all_name_binding_ids(tmp_path):
    path = write(tmp_path, '''
"today.record" = "ctrl+r"
[schedule]
more = ["plus", " m "]
[app]
help = "f1,question_mark"
''')
    found = read_keymap(path)
    assert found.problems == []
    assert found.keys == {"today.record": "ctrl+r", "schedule.more": "plus,m", "app.help": "f1,question_mark"}


def test_values_that_are_not_keys_are_skipped_and_said(tmp_path):
    found = read_keymap(write(tmp_path, 'today.record = 5\ntoday.history = ""\napp.quit = "ctrl q"\napp.help = "f2"\n'))
    assert found.keys == {"app.help": "f2"}
    assert len(found.problems) == 3 and "'today.record' should be a key" in found.problems[0]


def test_a_file_that_is_not_toml_is_said_and_changes_nothing(tmp_path):
    found = read_keymap(write(tmp_path, "today.record = \n[[["))
    assert found.keys == {}
    assert len(found.problems) == 1 and "is not valid TOML" in found.problems[0]
    binary = tmp_path / "keymap.toml"
    binary.write_bytes(b"\xff\xfe")
    assert "is not valid TOML" in read_keymap(binary).problems[0]


def test_unknown_ids_are_reported_with_the_nearest_one():
    problems = check_keymap({"today.recrod": "x", "nothing.like.it": "y"}, KNOWN)
    assert problems == [
        "There is no binding 'today.recrod'; it is ignored. Did you mean 'today.record'?",
        "There is no binding 'nothing.like.it'; it is ignored.",
    ]


def test_clashes_on_one_screen_and_with_the_app_are_reported_once():
    assert check_keymap({"today.record": "ctrl+r"}, KNOWN) == []
    assert check_keymap({"today.record": "h"}, KNOWN) == [
        "'today.history' and 'today.record' are both on the key h: only one of them can work."]
    # A screen's binding hides the app's on that screen; "?" is "question_mark".
    same = {"?": "question_mark"}.get
    assert check_keymap({"today.record": "?"}, KNOWN, lambda k: same(k, k)) == [
        "'app.help' and 'today.record' are both on the key question_mark: only one of them can work."]
    # Keys that already shared nothing before the file are not the file's problem.
    assert check_keymap({"schedule.more": "r"}, KNOWN) == []


# --- a hostile file (issue 21) ------------------------------------------------------


def test_ids_and_keys_from_the_file_reach_messages_only_as_visible_text(tmp_path):
    path = write(tmp_path, '"today.rec\\u001b]2;PWNED\\u0007ord" = "x"\n'
                           '"today.\\u001b[2J\\u202e" = 5\n'
                           '"today.history" = "\\u001b[2J"\n')
    found = read_keymap(path)
    assert found.keys == {"today.rec\x1b]2;PWNED\x07ord": "x"}  # the id is only compared, never shown as it is
    problems = [*found.problems, *check_keymap(found.keys, KNOWN)]
    assert problems == [
        "'today.␛[2J?' should be a key such as \"ctrl+r\", or a list of keys; it is ignored.",
        "'today.history' should be a key such as \"ctrl+r\", or a list of keys; it is ignored.",
        "There is no binding 'today.rec␛]2;PWNED␇ord'; it is ignored. Did you mean 'today.record'?",
    ]
    assert not any(c < " " or "\x7f" <= c <= "\x9f" for c in "".join(problems))


def test_a_long_id_is_shown_cut():
    [problem] = check_keymap({"x" * 5000: "k"}, KNOWN)
    assert problem == f"There is no binding '{'x' * 60}…'; it is ignored."


def test_each_key_must_look_like_a_key_name(tmp_path):
    good = ["ctrl+r", "R", "f1", "question_mark", "left_square_bracket", "shift+tab", "ctrl+shift+x", "3", "é", "?"]
    bad = ["", "ctrl r", "\x1b[2J", "ctrl+", "+", "r\x07", "Ctrl+R", "a" * 40, "ctrl+\u202e", "\u2028",
           "ctrl+" * 8 + "r"]
    for key in good:
        assert read_keymap(write(tmp_path, f'today.record = {json.dumps(key)}\n')).keys == {"today.record": key}, key
    for key in bad:
        found = read_keymap(write(tmp_path, f'today.record = {json.dumps(key)}\n'))
        assert found.keys == {} and "'today.record' should be a key" in found.problems[0], key
    found = read_keymap(write(tmp_path, f'today.record = {json.dumps(["r"] * 9)}\n'))
    assert found.keys == {}  # more keys than a binding needs


def test_only_a_small_regular_file_is_read_and_nothing_waits(tmp_path):
    fifo = tmp_path / "keymap.toml"
    os.mkfifo(fifo)  # no writer: opening it to read would wait for ever
    assert "is not a regular file" in only_problem(read_keymap(fifo))
    fifo.unlink()
    fifo.mkdir()
    assert "is not a regular file" in only_problem(read_keymap(fifo))
    assert "is not a regular file" in only_problem(read_keymap(Path("/dev/zero")))
    fifo.rmdir()
    link = tmp_path / "link.toml"
    link.symlink_to(write(tmp_path, 'today.record = "k"\n'))
    assert "is a link" in only_problem(read_keymap(link))
    big = write(tmp_path, 'today.record = "k"\n' + "# a comment\n" * 3000)
    assert "is larger than a keymap can be" in only_problem(read_keymap(big))


def only_problem(found) -> str:
    assert found.keys == {} and len(found.problems) == 1, found
    return found.problems[0]


def test_deep_nesting_is_refused_before_it_is_parsed(tmp_path):
    for text in ["a = " + "[" * 10_000 + "]" * 10_000,
                 "a = " + "[\n" * 10_000,
                 "a = " + "{b=" * 150 + "1" + "}" * 150,
                 "a" + ".a" * 10_000 + ' = "k"',
                 ("x" + ".a" * 190 + ' = "k"\n') * 80,
                 "[" + "a." * 150 + "a]\nx = 'k'\n"]:
        started = time.monotonic()
        problem = only_problem(read_keymap(write(tmp_path, text)))
        assert time.monotonic() - started < 1, problem
        assert "nests tables or lists more than 8 deep" in problem or "longer than 400 characters" in problem


def test_strings_and_comments_do_not_count_as_nesting(tmp_path):
    text = '# [[[[[[[[[[[[ a.b.c.d.e.f.g.h.i.j\n"today.record" = "left_square_bracket" # [[[[[[[[[[[[\n'
    text += "[app]\nhelp = ['f1', \"question_mark\"]\n"
    assert read_keymap(write(tmp_path, text)) == KeymapFile(tmp_path / "keymap.toml", {
        "today.record": "left_square_bracket", "app.help": "f1,question_mark"})


def test_a_file_naming_too_many_bindings_is_refused_at_once(tmp_path):
    text = "".join(f'"id{i}" = "k"\n' for i in range(200_000))  # was 51 s before the app answered
    started = time.monotonic()
    assert "is larger than a keymap can be (32 KB)" in only_problem(read_keymap(write(tmp_path, text)))
    assert time.monotonic() - started < 1
    text = "".join(f'"id{i}" = "k"\n' for i in range(MAX_IDS + 1))
    assert "names 501 bindings, more than the 500" in only_problem(read_keymap(write(tmp_path, text)))
    text = "".join(f'"id{i}" = "k"\n' for i in range(MAX_IDS))
    started = time.monotonic()
    found = read_keymap(write(tmp_path, text))
    assert len(found.keys) == MAX_IDS and len(check_keymap(found.keys, KNOWN)) >= MAX_IDS
    assert time.monotonic() - started < 5


# --- Today's words follow the keymap -------------------------------------------------


def test_todays_default_keys_are_the_bindings_defaults():
    from screens.app import ReintegrateApp
    from screens.keymap import known_bindings
    from screens.today_keys import DEFAULT_KEYS

    known = known_bindings(ReintegrateApp)
    assert {i: known[i].keys[0] for i in DEFAULT_KEYS} == DEFAULT_KEYS


def test_today_swaps_its_own_key_words_and_never_a_familys_text():
    from screens.today_keys import MARKED_TO_CHANGE, NOTHING_RECORDED, with_keys, words
    from screens.today_view import ProposalText, TodayView

    note = "Press d to change it. (a accept · o another step · n next school days)"
    view = TodayView(
        title="Today for Sam", date_line="", school_day="", card_title="", step=(), attempts=(),
        recorded=f"Recorded today: ill ({note}).{words(MARKED_TO_CHANGE)}",
        overdue=("Press f to write the follow-up letter, c to open the school log.",
                 "Press f to write the follow-up letter, c to open the school log."),
        can_follow_up=True,
        proposal=ProposalText("Proposal", (("proposal-headline", "a accept · o another step · n next school days"),
                                           ("proposal-keys", "a accept · o another step · n next school days")),
                              can_accept=True, can_override=True),
        matched="Supports that may fit why school is hard: a quiet room (y for more).",
    )
    keys = {"today.mark_day": "M", "today.accept": "^a", "app.follow_up_overdue": "F", "today.why": "?"}
    keyed = with_keys(view, keys)
    assert keyed.recorded == f"Recorded today: ill ({note}). Press M to change it."
    assert keyed.overdue == (view.overdue[0], "Press F to write the follow-up letter, c to open the school log.")
    assert keyed.proposal.lines == (view.proposal.lines[0],
                                    ("proposal-keys", "^a accept · o another step · n next school days"))
    assert keyed.matched == "Supports that may fit why school is hard: a quiet room (? for more)."
    assert with_keys(view, {"today.record": "r"}) is view  # the default keys: nothing to do
    assert words(NOTHING_RECORDED, {"today.record": "{why}"}).endswith("press {why} to record how it went.")


def test_a_notice_lists_the_first_problems_and_counts_the_rest(tmp_path):
    from screens.app import ReintegrateApp
    from screens.keymap import keymap_problems

    text = "".join(f'"nothing{i}" = "k"\n' for i in range(MAX_IDS))
    problems = keymap_problems(read_keymap(write(tmp_path, text)), ReintegrateApp)
    assert len(problems) == 11 and problems[-1] == "And 490 more problems in the file."
    assert problems[0] == "There is no binding 'nothing0'; it is ignored."
    two = "".join(f'"nothing{i}" = "k"\n' for i in range(11))
    assert keymap_problems(read_keymap(write(tmp_path, two)), ReintegrateApp)[-1] == "And 1 more problem in the file."
