"""A replay file's lines are checked before anything runs: a kind, or a campaign's channel, the replay cannot drive is
said with its line, instead of a traceback halfway through the file."""

from __future__ import annotations

import pytest

from bot.replay import BadScenario, load_scenarios

GOOD = '{"id": "L1", "now": "2026-11-23T11:00:00+03:00", "turns": ["привет"]}'


def test_good_lines_load_and_comments_and_blank_lines_are_skipped() -> None:
    assert [s.id for s in load_scenarios(["# leads", "", GOOD])] == ["L1"]


def test_a_lead_may_come_from_any_channel() -> None:
    [scenario] = load_scenarios(['{"id": "L1", "channel": "vk", "now": "2026-11-23T11:00:00+03:00"}'])
    assert scenario.channel == "vk"


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('{"id": "R1", "kind": "retention", "channel": "vk", "now": "2026-11-23T11:00:00+03:00"}', "line 2: .*channel 'vk'"),
        ('{"id": "R1", "kind": "winback", "now": "2026-11-23T11:00:00+03:00"}', "line 2: kind"),
        ('{"id": "R1"}', "line 2: now"),
    ],
)
def test_a_line_that_cannot_run_is_named_with_what_is_wrong(line: str, said: str) -> None:
    with pytest.raises(BadScenario, match=said):
        load_scenarios([GOOD, line])
