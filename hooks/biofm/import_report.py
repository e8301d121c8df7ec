"""The text of ``biofm import-list``'s report: lines of (text, style) parts for
:func:`terminal.line`, which prints every value as plain text."""

from __future__ import annotations

from collections.abc import Iterator

from .importer import Applied, Plan
from .registry import KIND

Parts = tuple  # of str or (str, style)


def _where(plan: Plan, line: int) -> str:
    return f"{plan.list_path}:{line}"


def _show(value: object) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) or "(none)"
    return str(value)


def lines(plan: Plan) -> Iterator[Parts]:
    """The report: a summary, then differences, possible matches, new works and skips."""
    present = plan.of("present")
    known = [m for m in present if m.known and not m.differences]
    changed = plan.changed
    possible = plan.of("possible")
    new_items = sum(len(work.items) for work in plan.new)
    yield (
        (f"{plan.list_path}: {len(plan.matches)} items. ", "bold"),
        f"Present: {len(present) - len(changed)} unchanged "
        f"({len(known)} of them as recorded corrections), {len(changed)} with differences. "
        f"Possible matches: {len(possible)}. New: {len(plan.new)} "
        f"({new_items} item{'s' * (new_items != 1)}).",
    )
    if changed:
        yield (("Present with differences:", "bold"),)
    for match in changed:
        yield (_where(plan, match.item.line), ": ", (match.record.path, "cyan"),
               f" ({match.item.title})")  # fmt: skip
        for difference in match.differences:
            if difference.field == "directions":
                yield (f"    {difference.field}: ", ("+ " + difference.listed, "green"))
                continue
            yield (f"    {difference.field}: ", ("- " + _show(difference.now), "red"))
            yield (" " * (6 + len(difference.field)), ("+ " + _show(difference.listed), "green"))
    if possible:
        yield (("Possible matches (to review; never written as new):", "bold"),)
    for match in possible:
        yield (_where(plan, match.item.line), f": {match.item.title}")
        for record in match.candidates:
            yield ("    may be ", (record.path, "cyan"), f": {record.entry.title}")
    if plan.new:
        yield (("New:", "bold"),)
    for work in plan.new:
        folder = KIND[work.first.kind].folder
        sections = ", ".join(dict.fromkeys(item.section for item in work.items))
        where = ", ".join(_where(plan, item.line) for item in work.items)
        yield (where, ": ", (f"data/{folder}/{work.entry_id}.yml", "green"),
               f" [{sections}] {work.first.title}")  # fmt: skip
    for name, key in plan.new_venues.items():
        yield ("New venue: ", (key, "green"), f" ({name}) for data/vocab/venues.yml")
    if plan.skipped:
        yield (("Lines not understood (skipped):", "bold"),)
    for skipped in plan.skipped:
        yield (_where(plan, skipped.line), f": {skipped.text}")


def applied(done: Applied) -> Iterator[Parts]:
    """What ``--apply`` wrote."""
    for path in done.written:
        yield (("Wrote", "green"), f" {path}")
    for path in done.updated:
        yield (("Updated", "green"), f" {path}")
    for key in done.venues:
        yield (("Added venue", "green"), f" {key} to data/vocab/venues.yml (check its type)")
    total = len(done.written) + len(done.updated) + len(done.venues)
    yield (f"{total} change{'s' * (total != 1)} applied." if total else "Nothing to apply.",)
