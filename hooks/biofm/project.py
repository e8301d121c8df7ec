"""The project a command works on: the one whose ``mkdocs.yml`` is in the current directory.

``biofm`` reads the same ``mkdocs.yml`` as ``mkdocs`` does, so the data directory and the
site URL are configured once (the ``atlas`` plugin's options and ``site_url``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from .plugin import AtlasConfig

CONFIG_FILE = "mkdocs.yml"


class ProjectError(Exception):
    """The current directory is not an atlas project, or its mkdocs.yml is unusable."""


@dataclass(frozen=True)
class Project:
    root: Path
    data_dir: Path
    site_url: str

    @property
    def list_file(self) -> Path:
        return self.root / "LIST.md"

    @property
    def schema_dir(self) -> Path:
        return self.root / "docs" / "schema"

    @classmethod
    def find(cls, root: Path | None = None, data_dir: Path | None = None) -> Project:
        """The project in ``root`` (default: the current directory)."""
        root = (root or Path.cwd()).resolve()
        config_file = root / CONFIG_FILE
        if not config_file.is_file():
            raise ProjectError(
                f"no {CONFIG_FILE} in {root}: run biofm in the atlas project's folder"
            )
        try:
            with config_file.open("rb") as fh:
                config = yaml_load(fh)
        except ConfigurationError as exc:
            raise ProjectError(str(exc)) from None
        options = AtlasConfig()
        options.load_dict(_atlas_options(config))
        errors, _ = options.validate()
        if errors:
            name, error = errors[0]
            raise ProjectError(f"{CONFIG_FILE}: plugins.atlas.{name}: {error}")
        return cls(
            root=root,
            data_dir=(data_dir or root / options.data_dir).resolve(),
            site_url=str(config.get("site_url") or ""),
        )


def _atlas_options(config: dict) -> dict:
    for plugin in config.get("plugins") or ():
        if plugin == "atlas":
            return {}
        if isinstance(plugin, dict) and "atlas" in plugin:
            return dict(plugin["atlas"] or {})
    raise ProjectError(f"{CONFIG_FILE} does not use the atlas plugin")
