"""The number filters the templates and LIST.md use: plain digits at every schema bound."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biofm.templating import number, si

SI_FORM = re.compile(r"^\d{1,3}(?:\.\d+)?[KMBT]?$")
NUMBER_FORM = re.compile(r"^\d{1,3}(?:,\d{3})*(?:\.\d+)?$")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (200, "200"),
        (2500, "2.5K"),
        (369_000_000, "369M"),
        (999_499, "999K"),
        (999_500, "1M"),  # rounds up into the next unit, never '1e+03K'
        (999_999_999, "1B"),
        (999_999_999_999, "1T"),
        (10**13, "10T"),  # the schema's largest parameter count
    ],
)
def test_si(value, shown):
    assert si(value) == shown


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.integers(min_value=1, max_value=10**13))
def test_si_never_scientific(value):
    assert SI_FORM.match(si(value)), si(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (2500, "2,500"),
        (0.5, "0.5"),
        (1234567.5, "1,234,567.5"),  # not '1.23457e+06'
        (1e15, "1,000,000,000,000,000"),  # the schema's largest amount
        (1e-7, "0.0000001"),
        (0.1 + 0.2, "0.3"),
    ],
)
def test_number(value, shown):
    assert number(value) == shown


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.floats(min_value=1e-9, max_value=1e15, allow_nan=False))
def test_number_never_scientific(value):
    assert NUMBER_FORM.match(number(value)), number(value)
