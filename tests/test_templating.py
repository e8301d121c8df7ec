"""The Jinja factory's in-memory cache of compiled templates never serves a stale one."""

from __future__ import annotations

from biofm.templating import environment


def test_an_edited_template_is_compiled_again(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("one {{ x }}", "utf-8")
    assert environment(tmp_path).get_template("page.html").render(x="<a>") == "one &lt;a&gt;"
    page.write_text("two {{ x }}", "utf-8")
    assert environment(tmp_path).get_template("page.html").render(x="<a>") == "two &lt;a&gt;"


def test_html_and_text_environments_compile_apart(tmp_path):
    """The same file compiled for HTML escapes; compiled for text it does not."""
    (tmp_path / "page.txt").write_text("{{ x }}", "utf-8")
    assert environment(tmp_path).get_template("page.txt").render(x="<a>") == "&lt;a&gt;"
    text = environment(tmp_path, html=False).get_template("page.txt").render(x="<a>")
    assert text == "<a>"
