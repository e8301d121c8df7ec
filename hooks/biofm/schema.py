"""The typed schema of every data file: the single source of truth.

Entry models validate one YAML file each. Vocabulary membership is checked
inside the models through the validation context (``{"vocab": Vocabularies}``),
so that every problem comes out of pydantic with its field location.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic import (
    Strict as PydanticStrict,
)

from . import icons, textrules
from .textrules import MAX_URL

_MOJIBAKE_RE = textrules.MOJIBAKE_RE  # where the data checks find it
SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Ids and vocabulary keys that would take the address of a site page: ``papers/index``
# is the papers listing, ``modalities/index`` the modalities overview.
RESERVED_IDS = frozenset({"index"})
MIN_YEAR, MAX_YEAR = 1950, 2100
# Lengths: every value is bounded, so no entry can make a page huge.
MAX_LINE = 500  # a title, name, label or stated figure
MAX_TEXT = 2000  # a description, note or paragraph
MAX_AUTHORS = 500
MAX_ITEMS = 50  # aliases, corrections, paragraphs, ...
MAX_REFERENCES = 200  # datasets a model names, corrections of the whole site


def _not_reserved(value: str) -> str:
    if value in RESERVED_IDS:
        raise ValueError(f"{value!r} is reserved: it would replace a site page")
    return value


def _month_in_range(value: str) -> str:
    if not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
        raise ValueError(f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return value


def today_utc() -> dt.date:
    """Today's date in UTC: the latest ``added`` date an entry may have."""
    return dt.datetime.now(dt.UTC).date()


def _not_in_future(value: dt.date) -> dt.date:
    if value > today_utc():
        raise ValueError(f"is in the future (today is {today_utc().isoformat()} in UTC)")
    if value.year < MIN_YEAR:
        raise ValueError(f"is before {MIN_YEAR}")
    return value


def _text(max_length: int, *checks) -> Any:
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(textrules.clean_text),
        *(AfterValidator(check) for check in checks),
    ]


Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(textrules.check_url),
    WithJsonSchema(
        {"type": "string", "format": "uri", "pattern": r"^https?://\S+$", "maxLength": MAX_URL}
    ),
]
Text = _text(MAX_TEXT)  # prose: descriptions, notes, paragraphs
Line = _text(MAX_LINE)  # one line: names, labels, stated figures
Title = _text(MAX_LINE, textrules.one_script_per_word)
Person = _text(MAX_LINE, textrules.one_person)  # one author: "Ada Lovelace" or "Lovelace, Ada"
# Kept as written (only surrounding whitespace is stripped), but never a control character.
Verbatim = Annotated[
    str, StringConstraints(max_length=MAX_TEXT), AfterValidator(textrules.no_controls)
]
Slug = Annotated[str, StringConstraints(pattern=SLUG_RE)]
Key = Annotated[Slug, AfterValidator(_not_reserved)]  # a vocabulary item's own key
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
Month = Annotated[  # YYYY-MM
    str,
    StringConstraints(pattern=r"^[0-9]{4}-(?:0[1-9]|1[0-2])$"),
    AfterValidator(_month_in_range),
]
Doi = Annotated[
    str,
    StringConstraints(pattern=r"^10\.[0-9]{4,9}/\S+$", max_length=MAX_LINE),
    AfterValidator(textrules.no_controls),
]
Added = Annotated[dt.date, AfterValidator(_not_in_future)]


def Items(item: Any, max_length: int = MAX_ITEMS) -> Any:
    """A list of ``item`` of at most ``max_length`` items."""
    return Annotated[tuple[item, ...], Field(max_length=max_length)]


class Strict(BaseModel):
    """Base for every data model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


@dataclass(frozen=True)
class VocabRef:
    """Marks a field whose values are keys of the vocabulary ``name`` (data/vocab/NAME.yml)."""

    name: str


def _in_vocab(name: str):
    """A validator that every key of the value is in vocabulary ``name``."""

    def check(value: Any, info: ValidationInfo) -> Any:
        vocab = (info.context or {}).get("vocab")
        if vocab is None or value is None:
            return value
        items = value if isinstance(value, tuple) else (value,)
        known = vocab.table(name)
        for item in items:
            if item not in known:
                raise ValueError(vocab.unknown_message(name, item))
        if len(set(items)) != len(items):
            raise ValueError("lists a key more than once")
        return value

    return AfterValidator(check)


def VocabKey(name: str) -> Any:
    """One key of vocabulary ``name``."""
    return Annotated[Slug, VocabRef(name), _in_vocab(name)]


def VocabKeys(name: str) -> Any:
    """A list of distinct keys of vocabulary ``name``."""
    return Annotated[tuple[str, ...], VocabRef(name), _in_vocab(name)]


def vocab_fields(model: type[BaseModel], prefix: str = "") -> dict[str, str]:
    """Dotted field path -> vocabulary name, for every vocabulary field of ``model``."""
    found: dict[str, str] = {}
    for name, info in model.model_fields.items():
        stack: list[Any] = [info.annotation, *info.metadata]
        while stack:
            item = stack.pop()
            if isinstance(item, VocabRef):
                found[prefix + name] = item.name
            elif isinstance(item, type) and issubclass(item, BaseModel):
                found.update(vocab_fields(item, f"{prefix}{name}."))
            else:
                stack.extend(get_args(item))
    return found


# --------------------------------------------------------------------------- vocabularies


class Modality(Strict):
    key: Key
    label: Line = Field(description="Badge text, e.g. 'ECG'.")
    name: Line = Field(description="Long name, e.g. 'Electrocardiography'.")
    description: Text | None = None
    colour: Colour = Field(description="Badge background; white text must reach WCAG AA on it.")
    aliases: Items(Line) = Field(default=(), description="Spellings found in the seed.")


class Direction(Strict):
    key: Key
    label: Line
    short: Line = Field(description="Short label for badges and timeline lanes.")
    description: Text
    colour: Colour


class LlmRole(Strict):
    key: Key
    label: Line
    icon: Annotated[str, AfterValidator(icons.check_name)] = Field(
        description="Theme icon shown before the label on the site, as set/name, "
        "e.g. 'material/robot' (inlined SVG, so it renders without an emoji font)."
    )
    list_emoji: Line = Field(
        description="Emoji of the role's badge in LIST.md, as the original awesome list had it."
    )
    description: Text
    colour: Colour


class Task(Strict):
    key: Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
    label: Line


class Venue(Strict):
    key: Key
    name: Line = Field(description="Canonical display name, e.g. 'arXiv'.")
    full_name: Line | None = Field(
        None, description="The official full name (BibTeX journal/booktitle); needs source."
    )
    source: Url | None = Field(
        None, validate_default=True, description="The official page full_name was read from."
    )
    type: Literal["conference", "journal", "preprint", "workshop", "other"]
    aliases: Items(Line) = ()

    @field_validator("source")
    @classmethod
    def _source_with_name(cls, value: str | None, info: ValidationInfo) -> str | None:
        if bool(value) != bool(info.data.get("full_name")):
            raise ValueError("full_name and source go together: both or neither")
        return value

    @property
    def long_name(self) -> str:
        return self.full_name or self.name


# --------------------------------------------------------------------------- entries


class Links(Strict):
    paper: Url | None = None
    code: Url | None = None
    weights: Url | None = None
    project: Url | None = None
    dataset: Url | None = None
    tool: Url | None = None
    benchmark: Url | None = None

    def items(self) -> list[tuple[str, str]]:
        """The present links as ``(kind, url)`` pairs, in schema order."""
        return [(name, url) for name, url in self.model_dump().items() if url]


class Correction(Strict):
    """One fix applied to the seed list, shown on the Data corrections page."""

    field: Line
    seed: Verbatim | None = Field(None, description="The value in the seed list (verbatim).")
    now: Verbatim | None = Field(None, description="The value in the catalogue.")
    note: Text


DataUnit = Literal[
    "hours", "recordings", "subjects", "person-days", "samples", "segments", "time-points", "tokens"
]
# An SPDX licence identifier or expression, e.g. 'MIT', 'Apache-2.0', 'CC-BY-NC-4.0'.
_SPDX_ID = r"[A-Za-z0-9][A-Za-z0-9.+-]*"
Licence = Annotated[
    str, StringConstraints(pattern=rf"^{_SPDX_ID}(?: (?:AND|OR|WITH) {_SPDX_ID})*$", max_length=200)
]


class DataScale(Strict):
    """How much data a model was pretrained on, as its source states it."""

    amount: Annotated[float, PydanticStrict(), Field(gt=0, le=1e15)] = Field(
        description="The number, e.g. 2500 for 'about 2,500 hours'."
    )
    unit: DataUnit
    stated: Line = Field(description="The figure as the source writes it: 'about 2,500 hours'.")


class ModelCard(Strict):
    """Facts about a pretrained model. Every fact beyond the original list's needs a source."""

    data_scale: Line | None = Field(None, description="Pretraining data scale, e.g. '309B'.")
    model_size: Line | None = Field(None, description="Parameter count(s), e.g. '14 / 91 / 311M'.")
    tasks: VocabKeys("tasks") = Field(
        default=(), description="Task keys from data/vocab/tasks.yml."
    )
    parameters: Annotated[int, PydanticStrict(), Field(ge=1, le=10**13)] | None = Field(
        None, description="Parameters of the largest stated variant, as a plain number."
    )
    parameters_stated: Line | None = Field(
        None, description="The parameter counts as stated, e.g. '5.8M, 46M and 369M'."
    )
    pretraining_data: DataScale | None = None
    pretrained_on: Items(Slug, MAX_REFERENCES) = Field(
        default=(), description="Ids of the catalogue's datasets the model was pretrained on."
    )
    evaluated_on: Items(Slug, MAX_REFERENCES) = Field(
        default=(), description="Ids of the catalogue's datasets the model was evaluated on."
    )
    sampling_rate_hz: Annotated[float, PydanticStrict(), Field(gt=0, le=1e6)] | None = Field(
        None, description="Sampling rate of the model's input, in Hz."
    )
    channels: Line | None = Field(None, description="Input channels or leads, as stated.")
    code_licence: Licence | None = Field(None, description="SPDX id of the code's licence.")
    weights_licence: Licence | None = Field(None, description="SPDX id of the weights' licence.")


class Sources(Strict):
    """Where each fact the original list did not carry was read: one URL per fact."""

    entry: Url | None = Field(
        None, description="For entries the original list lacked: where title and links were read."
    )
    name: Url | None = Field(None, description="Source of name and aliases.")
    authors: Url | None = None
    parameters: Url | None = Field(None, description="Source of parameters, parameters_stated.")
    pretraining_data: Url | None = None
    pretrained_on: Url | None = None
    evaluated_on: Url | None = None
    sampling_rate: Url | None = None
    channels: Url | None = None
    weights: Url | None = Field(None, description="Source of links.weights.")
    code_licence: Url | None = None
    weights_licence: Url | None = None


# Which fields each source covers (dotted paths into the entry).
SOURCED_FACTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "aliases"),
    "authors": ("authors",),
    "parameters": ("model.parameters", "model.parameters_stated"),
    "pretraining_data": ("model.pretraining_data",),
    "pretrained_on": ("model.pretrained_on",),
    "evaluated_on": ("model.evaluated_on",),
    "sampling_rate": ("model.sampling_rate_hz",),
    "channels": ("model.channels",),
    "weights": ("links.weights",),
    "code_licence": ("model.code_licence",),
    "weights_licence": ("model.weights_licence",),
}


def value_at(obj: Any, path: str) -> Any:
    """The value of a dotted field path, or ``None`` where a part is missing."""
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


class BaseEntry(Strict):
    """Fields shared by every kind of entry."""

    title: Title
    name: Line | None = Field(None, description="Short name, e.g. 'LaBraM' (needs sources.name).")
    aliases: Items(Line) = Field(default=(), description="Other names the authors use.")
    authors: Items(Person, MAX_AUTHORS) = Field(
        default=(), description="Every author's full name, in order (needs sources.authors)."
    )
    venue: VocabKey("venues") | None = Field(
        None, description="Venue key from data/vocab/venues.yml."
    )
    year: Annotated[int, PydanticStrict()] | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    first_online: Month | None = Field(
        None, description="YYYY-MM; derived from the arXiv id when absent."
    )
    doi: Doi | None = Field(None, description="DOI; derived from the paper link when absent.")
    links: Links = Links()
    modalities: VocabKeys("modalities") = ()
    description: Text | None = None
    added: Added = Field(description="The day the entry was added, today (UTC) at the latest.")
    sources: Sources = Sources()
    corrections: Items(Correction) = ()


class Paper(BaseEntry):
    modalities: VocabKeys("modalities") = Field(min_length=1)
    directions: VocabKeys("directions") = Field(min_length=1)
    llm_roles: VocabKeys("llm_roles") = ()
    ssl_not_claimed_fm: Annotated[bool, PydanticStrict()] = Field(
        False, description="Self-supervised approach not explicitly claimed as a foundation model."
    )
    builds_on: Items(Slug) = Field(
        default=(), description="Ids of time-series foundation models this work adapts."
    )
    model: ModelCard | None = None

    @field_validator("llm_roles")
    @classmethod
    def _roles_need_llm(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if value and "llm" not in info.data.get("directions", ("llm",)):
            raise ValueError("LLM roles are only allowed with the 'llm' direction")
        return value


class Dataset(BaseEntry):
    modalities: VocabKeys("modalities") = Field(
        description="Biosignal modalities; [] for general time series corpora."
    )
    individuals: Line | None = Field(None, description="Number of individuals, e.g. '70K'.")
    hours: Line | None = Field(None, description="Total duration in hours, e.g. '3M'.")


class Toolbox(BaseEntry):
    modalities: VocabKeys("modalities") = Field(min_length=1)


class Benchmark(BaseEntry):
    full_name: Line | None = None


class Survey(BaseEntry):
    """A survey or tutorial paper."""


class Tsfm(BaseEntry):
    """A general-purpose time series foundation model."""

    model: ModelCard = ModelCard()


# --------------------------------------------------------------------------- site content


class Challenge(Strict):
    title: Line
    description: Text


class SiteContent(Strict):
    """data/site.yml: the list's own prose (intro, survey, challenges, citation)."""

    intro: Items(Text)
    survey_title: Line
    survey_url: Url
    survey_summary: Text
    challenges_intro: Text
    challenges: Items(Challenge) = Field(min_length=1)
    citation_bibtex: Text
    contributing: Items(Text) = ()
    site_corrections: Items(Correction, MAX_REFERENCES) = ()


VOCAB_MODELS: dict[str, type[Strict]] = {
    "modalities": Modality,
    "directions": Direction,
    "llm_roles": LlmRole,
    "tasks": Task,
    "venues": Venue,
}
