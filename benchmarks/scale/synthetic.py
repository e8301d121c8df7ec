"""Deterministic synthetic catalogue for the scale benchmark.

:func:`make_data` copies the real ``data/`` folder into a directory the caller gives
(a temporary one in the benchmark) and adds ``count`` synthetic papers that pass
validation. Same seed and count, same bytes; nothing is written outside ``dest``.
Vocabulary keys come from the real vocabularies, so the generator follows the data.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SEED = 7
PREFIX = "synthetic-"
# Words for varied titles, so the search index sees a realistic spread of terms.
WORDS = [
    "Contrastive",
    "Masked",
    "Generative",
    "Wearable",
    "Multimodal",
    "Clinical",
    "Sleep",
    "Cardiac",
    "Neural",
    "Scalable",
    "Efficient",
    "Robust",
    "Universal",
    "Self-Supervised",
    "Federated",
    "Lightweight",
    "Temporal",
    "Spectral",
    "Cross-Modal",
    "Transformer",
    "Diffusion",
    "Tokenised",
    "Personalised",
    "Ambulatory",
    "Signal",
]
VENUES = ("arxiv", "neurips", "icml", "iclr")
FIRST_YEAR = 2019


def _keys(data: Path, vocab: str) -> list[str]:
    entries = yaml.safe_load((data / "vocab" / f"{vocab}.yml").read_text(encoding="utf-8"))
    return [entry["key"] for entry in entries]


def _name(rng: random.Random, i: int) -> str:
    """A distinct model name: syllables from the seed, then the number (e.g. 'Kavoro-00042')."""
    syllables = ("ka", "vo", "ri", "ne", "lu", "ta", "mi", "so", "de", "za")
    stem = "".join(rng.choice(syllables) for _ in range(3)).capitalize()
    return f"{stem}-{i:05d}"


def synthetic_entry(rng: random.Random, i: int, vocab: dict[str, list[str]]) -> dict:
    """One synthetic paper as the dict written to YAML."""
    directions = rng.sample(vocab["directions"], rng.choice([1, 1, 2]))
    words = rng.sample(WORDS, 4)
    name = _name(rng, i)
    # arXiv numbers 9xxxx are not used by the real catalogue; year and month follow i mod 84
    # (7 years x 12 months), the number i // 84, so ids stay distinct up to 840,000 entries.
    paper = f"https://arxiv.org/abs/{19 + i % 7}{1 + i % 12:02d}.9{i // 84:04d}"
    entry = {
        "title": f"{name}: {' '.join(words)} Foundation Model for Biosignals",
        "name": name,
        "venue": rng.choice(VENUES),
        "year": FIRST_YEAR + i % 7,
        "links": {"paper": paper},
        "modalities": rng.sample(vocab["modalities"], rng.choice([1, 2, 3])),
        "directions": directions,
        "description": f"A synthetic entry ({' '.join(words).lower()}) to measure the build.",
        "added": "2026-11-28",
        "sources": {"name": paper},  # the data rules want a source for every name
    }
    if "llm" in directions:
        entry["llm_roles"] = [rng.choice(vocab["llm_roles"])]
    return entry


def make_data(dest: Path, count: int, seed: int = SEED, real: Path = ROOT / "data") -> Path:
    """Copy ``real`` to ``dest/data`` and add ``count`` synthetic papers; return that folder."""
    data = Path(dest) / "data"
    shutil.copytree(real, data)
    vocab = {name: _keys(data, name) for name in ("modalities", "directions", "llm_roles")}
    rng = random.Random(seed)
    for i in range(count):
        text = yaml.safe_dump(synthetic_entry(rng, i, vocab), sort_keys=True, allow_unicode=True)
        (data / "papers" / f"{PREFIX}{i:05d}.yml").write_text(text, encoding="utf-8")
    return data
