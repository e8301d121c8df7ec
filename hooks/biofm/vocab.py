"""The controlled vocabularies, keyed for lookup."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .schema import Direction, LlmRole, Modality, Task, Venue


@dataclass(frozen=True)
class Vocabularies:
    """Every vocabulary as an ordered ``key -> item`` mapping (file order is display order)."""

    modalities: dict[str, Modality]
    directions: dict[str, Direction]
    llm_roles: dict[str, LlmRole]
    tasks: dict[str, Task]
    venues: dict[str, Venue]

    def table(self, name: str) -> dict:
        """The vocabulary called ``name`` (as in ``VocabKeys(name)``)."""
        return getattr(self, name)

    def unknown_message(self, vocab_name: str, value: object) -> str:
        """A precise message for an unknown key, with the likely key when there is one."""
        items = self.table(vocab_name)
        message = f"unknown {vocab_name.replace('_', ' ')} key {value!r}"
        hint = self._suggest(items, str(value))
        if hint:
            message += f" (did you mean {hint!r}?)"
        return message + f"; see data/vocab/{vocab_name}.yml"

    def lookup(self, vocab_name: str, spelling: str) -> str | None:
        """The key whose key, label, name or alias is ``spelling`` (ignoring case): how a
        badge or venue written in the awesome list maps to a vocabulary key."""
        return _spellings(self.table(vocab_name)).get(spelling.strip().lower())

    @staticmethod
    def _suggest(items: dict, value: str) -> str | None:
        """The key ``value`` most likely meant: a key, label, name or alias spelt the same
        (ignoring case), else the nearest of them (one typo is enough for short keys)."""
        wanted = value.strip().lower()
        names = _spellings(items)
        if wanted in names:
            return names[wanted]
        close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
        if close:
            return names[close[0]]
        if len(wanted) < 2:  # one letter is one typo away from every other letter
            return None
        near = [s for s in names if len(s) >= 3 and edit_distance(wanted, s) <= 1]
        return names[near[0]] if near else None

    def venue_name(self, key: str | None) -> str | None:
        """Display name of a venue key."""
        return self.venues[key].name if key else None


def _spellings(items: dict) -> dict[str, str]:
    """Lowercased key, label, name and aliases of each item -> its key (first item wins)."""
    names: dict[str, str] = {}
    for key, item in items.items():
        spellings = [key, getattr(item, "label", ""), getattr(item, "name", "")]
        spellings += list(getattr(item, "aliases", ()))
        for spelling in spellings:
            if spelling:
                names.setdefault(spelling.lower(), key)
    return names


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    neighbouring letters each count one."""
    previous, current = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        before, previous, current = previous, current, [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if before and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
    return current[-1]
