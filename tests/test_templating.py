"""The Jinja factory's cache of compiled templates (memory and disk) never serves a stale one."""

from __future__ import annotations

from biofm.templating import CompiledTemplates, environment, keep_compiled


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


def _fresh_environment(folder, cache):
    """An environment as the next build's process has it: nothing compiled in memory."""
    env = environment(folder)
    env.bytecode_cache = CompiledTemplates(cache)
    return env


def test_compiled_templates_are_kept_on_disk_for_the_next_build(tmp_path):
    """What one build compiled, the next one (a new process) loads from the cache folder."""
    (tmp_path / "page.html").write_text("one {{ x }}", "utf-8")
    cache = tmp_path / "cache"
    first = _fresh_environment(tmp_path, cache)
    assert first.get_template("page.html").render(x="<a>") == "one &lt;a&gt;"
    written = list(cache.glob("*.jbc"))
    assert len(written) == 1

    second = _fresh_environment(tmp_path, cache)
    loads: list[bool] = []
    compile_ = second.compile
    second.compile = lambda *args, **kwargs: loads.append(True) or compile_(*args, **kwargs)
    assert second.get_template("page.html").render(x="<a>") == "one &lt;a&gt;"
    assert loads == []  # read from disk, not compiled


def test_an_edited_template_is_compiled_again_despite_the_disk_cache(tmp_path):
    cache = tmp_path / "cache"
    (tmp_path / "page.html").write_text("one {{ x }}", "utf-8")
    _fresh_environment(tmp_path, cache).get_template("page.html").render(x=1)
    (tmp_path / "page.html").write_text("two {{ x }}", "utf-8")
    assert _fresh_environment(tmp_path, cache).get_template("page.html").render(x=1) == "two 1"


def test_a_damaged_cache_file_is_compiled_again(tmp_path):
    """Garbage or another Python's bytecode in the folder only costs a compile."""
    cache = tmp_path / "cache"
    (tmp_path / "page.html").write_text("{{ x }}!", "utf-8")
    _fresh_environment(tmp_path, cache).get_template("page.html").render(x=1)
    for path in cache.glob("*.jbc"):
        path.write_bytes(b"not bytecode")
    assert _fresh_environment(tmp_path, cache).get_template("page.html").render(x=2) == "2!"


def test_an_unwritable_cache_folder_does_not_fail_the_build(tmp_path):
    (tmp_path / "page.html").write_text("{{ x }}", "utf-8")
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder would be", "utf-8")
    env = _fresh_environment(tmp_path, blocker / "templates")
    assert env.get_template("page.html").render(x=3) == "3"


def test_environments_with_other_compile_options_use_other_folders(tmp_path):
    html = keep_compiled(environment(tmp_path), tmp_path / "c")
    text = keep_compiled(environment(tmp_path, html=False), tmp_path / "c")
    assert html.bytecode_cache.folder != text.bytecode_cache.folder
    again = keep_compiled(environment(tmp_path), tmp_path / "c")
    assert again.bytecode_cache is html.bytecode_cache
