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

    @staticmethod
    def _suggest(items: dict, value: str) -> str | None:
        wanted = value.strip().lower()
        for key, item in items.items():
            names = [key, getattr(item, "label", ""), getattr(item, "name", "")]
            names += list(getattr(item, "aliases", ()))
            if wanted in {n.lower() for n in names if n}:
                return key
        close = difflib.get_close_matches(wanted, list(items), n=1, cutoff=0.75)
        return close[0] if close else None

    def venue_name(self, key: str | None) -> str | None:
        """Display name of a venue key."""
        return self.venues[key].name if key else None
