"""The shared test helpers: what counts as CI, and what a missing tool does there."""

from __future__ import annotations

import pytest

from conftest import on_ci, tool_missing


@pytest.mark.parametrize("value", ["true", "1", "yes", "True", "TRUE", "github-actions"])
def test_a_missing_tool_fails_under_any_ci_value(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert on_ci()
    with pytest.raises(pytest.fail.Exception, match="no such tool"):
        tool_missing("no such tool")


@pytest.mark.parametrize("value", [None, "", " ", "0", "false", "False", "FALSE"])
def test_a_missing_tool_skips_outside_ci(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert not on_ci()
    with pytest.raises(pytest.skip.Exception, match="no such tool"):
        tool_missing("no such tool")
