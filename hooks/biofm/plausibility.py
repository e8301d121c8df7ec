"""Warnings about facts that validate but look wrong: numbers out of range, dates that clash.

``biofm validate`` prints them (file, field, problem) without failing; the data stays valid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .catalogue import Catalogue, Record
from .problems import Problem

# Plausible ranges: (low, high) per unit of pretraining data.
DATA_RANGE = {
    "hours": (1, 1e10),
    "person-days": (1, 1e8),
    "subjects": (1, 1e9),
    "recordings": (1, 1e10),
    "samples": (1, 1e13),
    "segments": (1, 1e13),
    "time-points": (1e3, 1e15),
    "tokens": (1e3, 1e15),
}
PARAMETER_RANGE = (1e3, 2e12)
SAMPLING_RANGE = (0.01, 1e5)

Check = Callable[[Record], Iterator[tuple[str, str]]]


def _parameters(record: Record):
    card = record.card
    if card and card.parameters and not PARAMETER_RANGE[0] <= card.parameters <= PARAMETER_RANGE[1]:
        yield "model.parameters", f"{card.parameters:,} parameters is outside 1,000 to 2 trillion"


def _data(record: Record):
    card = record.card
    data = card.pretraining_data if card else None
    if data:
        low, high = DATA_RANGE[data.unit]
        if not low <= data.amount <= high:
            yield "model.pretraining_data.amount", f"{data.amount:,g} {data.unit} is implausible"


def _sampling(record: Record):
    card = record.card
    rate = card.sampling_rate_hz if card else None
    if rate and not SAMPLING_RANGE[0] <= rate <= SAMPLING_RANGE[1]:
        yield "model.sampling_rate_hz", f"{rate:g} Hz is outside 0.01 Hz to 100 kHz"


def _year_before_arxiv(record: Record):
    year, arxiv = record.entry.year, record.arxiv_id
    if year and arxiv and year < 2000 + int(arxiv[:2]):
        yield "year", f"{year} is earlier than the arXiv id {arxiv} (20{arxiv[:2]})"


CHECKS: tuple[Check, ...] = (_parameters, _data, _sampling, _year_before_arxiv)


def warnings(catalogue: Catalogue) -> list[Problem]:
    """Every plausibility warning, as problems naming the file and field."""
    return [
        Problem(record.path, None, field, message)
        for record in catalogue.records
        for check in CHECKS
        for field, message in check(record)
    ]
