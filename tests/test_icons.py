"""Badge icons come from the theme's bundled icon set as inline SVG, never as emoji; a bad
icon name in the vocabulary is a clear error naming the file and field."""

from __future__ import annotations

import re

import pytest

from biofm import icons
from biofm.loader import CatalogueError, load_catalogue

# Emoji and pictographs (and the variation selector that asks for emoji presentation).
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")


def test_every_role_icon_is_a_theme_svg(catalogue):
    for role in catalogue.vocab.llm_roles.values():
        svg = icons.icon(role.icon)
        assert svg.startswith("<svg ") and 'aria-hidden="true"' in svg and "<path" in svg
        assert not EMOJI.search(role.icon + role.label)


def test_role_badges_on_the_site_carry_svg_icons_and_no_emoji(site, catalogue):
    soup = site.content("papers/")
    badges = soup.select("a.atlas-badge")
    roles = [b for b in badges if "atlas-badge--role" in b["class"]]
    assert len(roles) == sum(len(r.keys("role")) for r in catalogue.of_kind("paper"))
    for badge in roles:
        assert badge.select_one("svg.atlas-icon[aria-hidden=true] path")
    for badge in badges:
        assert not EMOJI.search(badge.get_text()), badge


@pytest.mark.parametrize("name, message", [
    ("material/no-such-icon", "no icon 'material/no-such-icon' in the installed theme"),
    ("🤖", "must name a theme icon as set/name"),
    ("../../../etc/passwd", "must name a theme icon as set/name"),
])  # fmt: skip
def test_a_bad_icon_is_an_error_naming_file_and_field(data_copy, name, message):
    path = data_copy / "vocab" / "llm_roles.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("icon: material/robot", f'icon: "{name}"'), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(data_copy)
    (problem,) = [p for p in caught.value.problems if p.path.endswith("vocab/llm_roles.yml")]
    assert problem.field == "[3].icon"  # the fourth role, agent
    assert message in problem.message and problem.line
