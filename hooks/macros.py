"""mkdocs-macros module: catalogue snippets for the hand-written pages.

Each macro renders an ``overrides/atlas/home-*.html`` template; the returned HTML is
inserted once and never rendered again, so data cannot act as template code.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup


def define_env(env) -> None:
    """Register the atlas macros."""

    def state():
        return env.conf.plugins["atlas"].current()

    def render(template: str, **context) -> Markup:
        page_url = env.page.url if env.page else ""
        return Markup(state().renderer.render(template, page_url, **context))

    @env.macro
    def atlas_intro() -> Markup:
        """The list's introduction and its survey."""
        return render("home-intro.html")

    @env.macro
    def atlas_counts() -> Markup:
        """Live counts of every kind of entry."""
        return render("home-counts.html")

    @env.macro
    def atlas_directions() -> Markup:
        """The research directions with their paper counts."""
        return render("home-directions.html")

    @env.macro
    def atlas_latest_heading() -> str:
        """What the list below is: additions only when the entries' dates differ."""
        return "Latest additions" if state().catalogue.additions_differ else "Newest papers"

    @env.macro
    def atlas_latest(count: int = 8) -> Markup:
        """The most recently added entries, else the newest papers (``Catalogue.latest``)."""
        return render("home-latest.html", records=state().catalogue.latest(count))

    @env.macro
    def atlas_contributing_guide() -> str:
        """CONTRIBUTING.md without its title: one guide for GitHub and the site."""
        text = (Path(env.conf.config_file_path).parent / "CONTRIBUTING.md").read_text("utf-8")
        return text.split("\n", 1)[1].lstrip()

    @env.macro
    def atlas_modality_legend() -> Markup:
        """Every modality badge with its long name."""
        return render("home-modalities.html")
