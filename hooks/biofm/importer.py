"""``biofm import-list``: compare an awesome list with the catalogue, and apply it.

The plan sorts every item of the list into present (unchanged, or differing only as the
entry's corrections record), present with differences, possible matches (never written)
and new. Applying writes one entry file per new work (items of one work in several
sections become one entry with every direction), updates entries whose venue, year,
title or links changed (the old value kept as a correction, so older copies of the list
still match), and adds a venue the vocabulary lacks (name as listed, ``type: other``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import scaffold
from .awesome_parse import ListItem, ParsedList, Skipped, parse
from .catalogue import Catalogue
from .matching import Difference, Match, link_key, match_all, title_key
from .problems import Problem
from .registry import KIND
from .schema import RESERVED_IDS, today_utc

# The order of fields in the data files (as seeded and as CONTRIBUTING's template shows).
FIELD_ORDER = ("title", "name", "aliases", "authors", "full_name", "venue", "year",
               "first_online", "doi", "links", "modalities", "directions", "llm_roles",
               "ssl_not_claimed_fm", "builds_on", "individuals", "hours", "model",
               "description", "added", "sources", "corrections")  # fmt: skip
LINK_ORDER = ("paper", "code", "weights", "project", "dataset", "tool", "benchmark")


@dataclass
class NewWork:
    """One work the catalogue lacks: every list item that names it."""

    items: list[ListItem]
    entry_id: str = ""
    data: dict = field(default_factory=dict)

    @property
    def first(self) -> ListItem:
        return self.items[0]


@dataclass
class Plan:
    """What the list holds against the catalogue, and what applying it would write."""

    list_path: str
    matches: list[Match]
    new: list[NewWork]
    skipped: list[Skipped]
    problems: list[Problem]
    new_venues: dict[str, str]  # listed name -> key it will get

    def of(self, status: str) -> list[Match]:
        return [m for m in self.matches if m.status == status]

    @property
    def changed(self) -> list[Match]:
        return [m for m in self.of("present") if m.differences]


def plan(text: str, list_path: str, catalogue: Catalogue) -> Plan:
    """Read the list and sort its items against ``catalogue``."""
    parsed: ParsedList = parse(text)
    matches = match_all(parsed.items, catalogue)
    result = Plan(list_path, matches, [], parsed.skipped, [], {})
    for match in matches:
        _check_badges(result, catalogue, match.item)
    result.new = _group([m.item for m in matches if m.status == "new"])
    taken = set(catalogue.by_id) | RESERVED_IDS
    for work in result.new:
        work.entry_id = _new_id(work, taken)
        taken.add(work.entry_id)
        work.data = _entry_data(result, catalogue, work)
    for match in result.changed:
        for difference in match.differences:
            if difference.field == "venue" and not difference.venue_key:
                _venue_key(result, catalogue, match.item)
    return result


# --------------------------------------------------------------------------- new works


def _group(items: list[ListItem]) -> list[NewWork]:
    """New items of one work (same kind and title or paper link) as one work."""
    works: list[NewWork] = []
    seen: dict[tuple[str, str], NewWork] = {}
    for item in items:
        keys = [(item.kind, "t:" + (title_key(item.title) or item.title))]
        if item.links.get("paper"):
            keys.append((item.kind, "l:" + (link_key(item.links["paper"]) or "")))
        work = next((seen[k] for k in keys if k in seen), None)
        if work is None:
            work = NewWork([])
            works.append(work)
        work.items.append(item)
        for key in keys:
            seen.setdefault(key, work)
    return works


def _new_id(work: NewWork, taken: set[str]) -> str:
    """An id from the title (its short name before ':'), made unique with the year or a
    number; never an id already in the catalogue."""
    base = scaffold.slugify(work.first.title)
    year = work.first.year
    for candidate in (base, f"{base}-{year}" if year else None):
        if candidate and candidate not in taken:
            return candidate
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _check_badges(result: Plan, catalogue: Catalogue, item: ListItem) -> None:
    """Every badge maps to a modality (or, in the LLM section, a role); tasks to tasks."""
    vocab = catalogue.vocab
    for badge in item.badges:
        if vocab.lookup("modalities", badge.text) or vocab.lookup("llm_roles", badge.text):
            continue
        message = "unknown badge: " + vocab.unknown_message("modalities", badge.text)
        result.problems.append(Problem(result.list_path, badge.line, "badge", message))
    for badge in item.tasks:
        if not vocab.lookup("tasks", badge.text):
            message = vocab.unknown_message("tasks", badge.text)
            result.problems.append(Problem(result.list_path, badge.line, "tasks", message))


def _venue_key(result: Plan, catalogue: Catalogue, item: ListItem) -> str | None:
    """The venue key of an item's venue; a venue the vocabulary lacks gets a new key."""
    if not item.venue:
        return None
    key = catalogue.vocab.lookup("venues", item.venue)
    if key:
        return key
    for name, new_key in result.new_venues.items():
        if name.casefold() == item.venue.strip().casefold():
            return new_key
    base = scaffold.slugify(item.venue, max_words=8)
    key, number = base, 2
    while key in catalogue.vocab.venues or key in result.new_venues.values() or key == "index":
        key, number = f"{base}-{number}", number + 1
    result.new_venues[item.venue.strip()] = key
    return key


def _keys(catalogue: Catalogue, name: str, texts: list[str]) -> list[str]:
    keys = [catalogue.vocab.lookup(name, text) for text in texts]
    return list(dict.fromkeys(k for k in keys if k))


def _entry_data(result: Plan, catalogue: Catalogue, work: NewWork) -> dict:
    """The fields of a new entry, in schema order, from its list items."""
    first, kind = work.first, work.first.kind
    badges = [b.text for item in work.items for b in item.badges]
    links: dict[str, str] = {}
    for item in work.items:
        for name, url in item.links.items():
            links.setdefault(name, url.strip())
    data: dict = {"title": first.title}
    venue = _venue_key(result, catalogue, first)
    fields = KIND[kind].model.model_fields
    if venue and "venue" in fields:
        data["venue"] = venue
    if first.year:
        data["year"] = first.year
    if "full_name" in fields and first.extra.get("full_name"):
        data["full_name"] = first.extra["full_name"]
    if links:
        data["links"] = {name: links[name] for name in LINK_ORDER if name in links}
    modalities = _keys(catalogue, "modalities", badges)
    if modalities or ("modalities" in fields and fields["modalities"].is_required()):
        data["modalities"] = modalities
    if "directions" in fields:
        order = list(catalogue.vocab.directions)
        found = {item.direction for item in work.items if item.direction}
        data["directions"] = sorted(found, key=order.index)
        roles = _keys(catalogue, "llm_roles", badges) if "llm" in found else []
        if roles:
            data["llm_roles"] = roles
        if any(item.starred for item in work.items):
            data["ssl_not_claimed_fm"] = True
    for name in ("individuals", "hours"):
        if name in fields and first.extra.get(name):
            data[name] = first.extra[name]
    if kind == "tsfm":
        card = {k: first.extra[k] for k in ("data_scale", "model_size") if first.extra.get(k)}
        tasks = _keys(catalogue, "tasks", [t.text for t in first.tasks])
        if tasks:
            card["tasks"] = tasks
        if card:
            data["model"] = card
    description = next((i.description for i in work.items if i.description), None)
    if description:
        data["description"] = description
    data["added"] = today_utc()
    if kind == "paper" and not modalities:
        message = ("no modality badge: a paper needs at least one modality; add a badge in "
                   "the list or write the entry with `biofm new`")  # fmt: skip
        result.problems.append(Problem(result.list_path, first.line, "modalities", message))
    return data


# --------------------------------------------------------------------------- differences


def _note(item: ListItem, difference: Difference) -> str:
    return (
        f"Updated from the awesome list (line {item.line}), which now gives "
        f"{difference.listed!s}; the earlier value is kept here so that it still matches."
    )


def apply_differences(data: dict, match: Match, venue_key, vocab) -> list[str]:
    """Apply a match's differences to an entry's data; the fields changed."""
    changed = []
    corrections = list(data.get("corrections", []))
    for difference in match.differences:
        name = difference.field
        if name == "directions":
            directions = [*data.get("directions", []), difference.listed]
            order = list(vocab.directions)
            data["directions"] = sorted(dict.fromkeys(directions), key=order.index)
            roles = [vocab.lookup("llm_roles", b.text) for b in match.item.badges]
            roles = [r for r in roles if r]
            if difference.listed == "llm" and roles:
                data["llm_roles"] = list(dict.fromkeys([*data.get("llm_roles", []), *roles]))
            changed.append(name)
            continue
        if name == "venue":
            value = difference.venue_key or venue_key(match.item)
        else:
            value = difference.listed
        old = difference.now
        if name.startswith("links."):
            links = dict(data.get("links", {}))
            links[name.split(".")[1]] = value
            data["links"] = {k: links[k] for k in LINK_ORDER if k in links}
        else:
            data[name] = value
        if old not in (None, ""):
            corrections.append({"field": name, "seed": str(old), "now": str(difference.listed),
                                "note": _note(match.item, difference)})  # fmt: skip
        changed.append(name)
    if corrections:
        data["corrections"] = corrections
    return changed


def ordered(data: dict) -> dict:
    """``data`` with its keys in the order of the data files (unknown keys last)."""
    rank = {name: i for i, name in enumerate(FIELD_ORDER)}
    return dict(sorted(data.items(), key=lambda kv: rank.get(kv[0], len(FIELD_ORDER))))


# --------------------------------------------------------------------------- applying


@dataclass
class Applied:
    """What applying a plan wrote, or the problems that kept it from writing anything."""

    written: list[str] = field(default_factory=list)  # new entry files
    updated: list[str] = field(default_factory=list)  # changed entry files
    venues: list[str] = field(default_factory=list)  # new venue keys
    problems: list[Problem] = field(default_factory=list)


def apply(result: Plan, catalogue: Catalogue, data_dir: Path, load) -> Applied:
    """Write the plan's new entries and differences; if the data then fails to load (or a
    file cannot be rewritten safely), restore every file and return the problems."""
    done = Applied(problems=list(result.problems))
    if done.problems:
        return done
    files: dict[Path, str] = {}  # path -> new text
    for work in result.new:
        folder = KIND[work.first.kind].folder
        text = scaffold.dump_entry(ordered(work.data),
                                   scaffold.schema_header(work.first.kind))  # fmt: skip
        files[data_dir / folder / f"{work.entry_id}.yml"] = text
        done.written.append(f"{data_dir.name}/{folder}/{work.entry_id}.yml")
    by_record: dict[str, list[Match]] = {}
    for match in result.changed:
        by_record.setdefault(match.record.path, []).append(match)
    root = data_dir.parent
    for path, matches in by_record.items():
        target = root / path
        text = target.read_text("utf-8")
        data = scaffold.plain_entry(text)
        if data is None:
            message = ("has comments or hand formatting that rewriting would lose; apply "
                       "these differences by hand")  # fmt: skip
            done.problems.append(Problem(path, None, "(file)", message))
            continue
        applied: set[tuple[str, str]] = set()
        for match in matches:
            match.differences = [d for d in match.differences
                                 if (d.field, str(d.listed)) not in applied]  # fmt: skip
            applied.update((d.field, str(d.listed)) for d in match.differences)
            apply_differences(data, match, lambda item: _venue_key(result, catalogue, item),
                              catalogue.vocab)  # fmt: skip
        files[target] = scaffold.dump_entry(ordered(data),
                                            scaffold.split_header(text))  # fmt: skip
        done.updated.append(path)
    if result.new_venues:
        venues = data_dir / "vocab" / "venues.yml"
        files[venues] = venues.read_text("utf-8") + "".join(
            _venue_item(key, name) for name, key in result.new_venues.items()
        )
        done.venues = list(result.new_venues.values())
    if done.problems:
        return done
    done.problems = _write_and_check(files, data_dir, load)
    if done.problems:
        done.written, done.updated, done.venues = [], [], []
    return done


def _venue_item(key: str, name: str) -> str:
    note = "# added by biofm import-list: set conference, journal, ..."
    return f"- key: {key}\n  name: {scaffold.flow(name)}\n  type: other  {note}\n"


def _write_and_check(files: dict[Path, str], data_dir: Path, load) -> list[Problem]:
    """Write every file, load the data; on problems put every file back as it was."""
    before = {path: (path.read_text("utf-8") if path.exists() else None) for path in files}
    try:
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
        problems = load(data_dir)
    except OSError as exc:
        problems = [Problem(str(exc.filename or data_dir), None, "(file)", exc.strerror or "")]
    if problems:
        for path, text in before.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
    return problems
