"""`kehoach ask` with a question typed in words names the closest questions of the library (never runs one)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.queries.runner import list_questions
from kehoach.queries.suggest import closest_questions


@pytest.mark.parametrize("asked, expected", [
    ("which agencies lead the most tasks?", "agencies-by-tasks-led"),
    ("how do district plans derive from provincial ones?", "district-plans-from"),
    ("what legal bases does a plan cite", "legal-bases-of-plan"),
    ("who works most with Sở Ngoại vụ", "top-coordinators-with"),
    ("plans without Kết luận 57", "plans-missing-standard-bases"),
    ("requests to the Party", "requests-to-party-bodies"),
    ("plans of Nghệ An", "plans-by-province"),
    ("when are tasks due", "tasks-by-timeframe"),
    ("cơ quan nào chủ trì nhiều nhiệm vụ nhất", "agencies-by-tasks-led"),
    ("kế hoạch huyện căn cứ kế hoạch tỉnh", "district-plans-from"),
    ("how do commune plans derive from provincial ones?", "district-plans-from"),
    ("kế hoạch xã căn cứ kế hoạch tỉnh", "district-plans-from"),
])
def test_the_question_asked_in_words_comes_first(asked, expected):
    assert closest_questions(asked)[0].name == expected


def test_every_question_is_closest_to_its_own_description():
    for q in list_questions():
        assert closest_questions(q.description)[0].name == q.name, q.description


def test_nothing_in_common_suggests_nothing():
    assert closest_questions("thời tiết ngày mai 25°C") == []
    assert closest_questions("") == []


def test_the_cli_suggests_and_fails_without_running(tmp_path):
    res = CliRunner().invoke(app, ["ask", "which documents are cited most?", "-g", str(tmp_path / "none")])
    assert res.exit_code != 0
    assert "closest:\n  most-cited-documents " in res.output and "Documents cited by the most plans." in res.output
    assert "known questions:" in res.output
