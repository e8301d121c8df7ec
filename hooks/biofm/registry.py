"""The registry: every kind of entry and every facet, declared once.

The loader, the catalogue's indexes, the generated pages and their nav, the JSON
Schemas, ``biofm stats``, the CSV columns, the templates' URL helper and the tests all
read these declarations. To add a facet: declare its field in ``schema.py`` with
``VocabKey``/``VocabKeys``, add a :class:`Facet` here and write its index template.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import get_origin

from pydantic import BaseModel

from .schema import Benchmark, Dataset, Paper, Survey, Toolbox, Tsfm, vocab_fields


@dataclass(frozen=True)
class Kind:
    """One kind of entry: the folder its files live in and how the site names it."""

    key: str  # "paper"
    folder: str  # data/<folder>/ and the URL prefix of its entry pages
    model: type[BaseModel]
    singular: str
    plural: str
    nav_title: str  # title of its listing page in the nav
    template: str  # the listing page's template in overrides/atlas/
    link: str = "project"  # the `links:` field `biofm new --link` fills

    @property
    def listing_uri(self) -> str:
        """Not ``folder/index.md``: a nav section would swallow the page."""
        return f"{self.folder}.md"

    @property
    def schema_file(self) -> str:
        return f"{self.folder}.schema.json"

    def label(self, count: int) -> str:
        """``1 paper``, ``2 papers``."""
        return f"{count} {(self.singular if count == 1 else self.plural).lower()}"


@dataclass(frozen=True)
class Facet:
    """A vocabulary-backed field that readers browse by: one page per vocabulary item."""

    key: str  # "modality"
    field: str  # the entry field, e.g. "modalities"
    prefix: str  # URL folder of its pages, e.g. "modalities"
    title: str  # index page and nav title, e.g. "Modalities"
    singular: str  # e.g. "Modality"
    index_template: str
    label_attr: str = "label"  # short text of an item: badges, stats
    title_attr: str = "label"  # an item's page title and nav entry
    csv_attr: str = "key"  # what the CSV export writes for an item
    nav_children: bool = True  # list every item's page in the nav

    @cached_property
    def vocab(self) -> str:
        """The vocabulary the field takes its keys from, as declared in the schema."""
        for kind in KINDS:
            name = vocab_fields(kind.model).get(self.field)
            if name:
                return name
        raise LookupError(f"no entry model has a vocabulary field {self.field!r}")

    @cached_property
    def multi(self) -> bool:
        """Whether an entry can have several items of this facet (a list field)."""
        for kind in KINDS:
            info = kind.model.model_fields.get(self.field)
            if info is not None:
                return get_origin(info.annotation) is tuple
        raise LookupError(f"no entry model has a field {self.field!r}")

    @property
    def index_uri(self) -> str:
        """The index page; ``prefix.md`` when it has no nav children, as a lone
        ``prefix/index.md`` would become the index page of the nav section around it."""
        return f"{self.prefix}/index.md" if self.nav_children else f"{self.prefix}.md"

    @property
    def vocab_file(self) -> str:
        return f"data/vocab/{self.vocab}.yml"

    def url(self, key: str) -> str:
        """Site-relative URL of an item's page, e.g. ``modalities/emg/``."""
        return f"{self.prefix}/{key}/"

    def label(self, item) -> str:
        return getattr(item, self.label_attr)

    def title_of(self, item) -> str:
        return getattr(item, self.title_attr)


KINDS: tuple[Kind, ...] = (  # display order
    Kind("paper", "papers", Paper, "Paper", "Papers", "All papers", "papers.html"),
    Kind(
        "tsfm",
        "tsfm",
        Tsfm,
        "Time series foundation model",
        "Time series foundation models",
        "Time series FMs",
        "tsfm.html",
    ),
    Kind("dataset", "datasets", Dataset, "Dataset", "Datasets", "Datasets", "datasets.html",
         link="dataset"),
    Kind("benchmark", "benchmarks", Benchmark, "Benchmark", "Benchmarks", "Benchmarks",
         "benchmarks.html", link="benchmark"),
    Kind("toolbox", "toolboxes", Toolbox, "Toolbox", "Toolboxes", "Toolboxes", "toolboxes.html",
         link="tool"),
    Kind("survey", "surveys", Survey, "Survey", "Surveys", "Surveys", "surveys.html"),
)  # fmt: skip

FACETS: tuple[Facet, ...] = (
    Facet("modality", "modalities", "modalities", "Modalities", "Modality",
          "modalities-index.html", csv_attr="label"),
    Facet("direction", "directions", "directions", "Research directions", "Research direction",
          "directions-index.html", label_attr="short"),
    Facet("role", "llm_roles", "llm-roles", "LLM roles", "LLM role", "llm-roles-index.html"),
    Facet("venue", "venue", "venues", "Venues", "Venue", "venues-index.html",
          label_attr="name", title_attr="name", csv_attr="name", nav_children=False),
)  # fmt: skip

KIND = {kind.key: kind for kind in KINDS}
KIND_OF_MODEL = {kind.model: kind for kind in KINDS}
KIND_OF_FOLDER = {kind.folder: kind for kind in KINDS}
FACET = {facet.key: facet for facet in FACETS}
# Every field name any kind of entry has: templates may ask a record for these only.
ENTRY_FIELDS = frozenset(name for kind in KINDS for name in kind.model.model_fields)
