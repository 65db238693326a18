"""The config file: defaults, each key read, one line per bad value, sources rewritten."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.cli.entry import main
from paper_tui.store import paths
from paper_tui.store.settings import (
    DEFAULT_READ_DELAY,
    DEFAULT_SECTION_NAMES,
    Settings,
    SettingsError,
    Source,
    canonical_section,
    load_settings,
    matching_section,
    save_sources,
    section_key,
    settings_toml,
)
from tests.conftest import ARXIV_DIGESTS, DIGESTS, FIXTURES, SAMPLE, shared


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_config_file_lives_under_the_home_override(isolated_home: Path) -> None:
    assert paths.config_file() == isolated_home / "config" / "config.toml"


def test_the_config_file_follows_the_platform_without_override(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PAPER_TUI_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    assert paths.config_file() == tmp_path / "xdg-config" / "paper-tui" / "config.toml"


def test_no_file_gives_the_defaults_without_problems() -> None:
    loaded = load_settings()
    assert loaded == Settings()
    assert loaded.read_delay == DEFAULT_READ_DELAY == 2.0
    assert (loaded.sort, loaded.theme, loaded.sources, loaded.sync_on_start) == (
        None,
        None,
        (),
        False,
    )
    assert dict(loaded.keymap) == {} and loaded.problems == ()


def test_every_key_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        """
read_delay = 0.5
sort = "votes"
theme = "gruvbox"
sync_on_start = true
keymap = { "paper.star" = "B", "paper.read" = "m, ctrl+m" }

[[sources]]
name = "hf"
template = "https://example.org/{yyyy}/{mm}/{date}.md"

[[sources]]
name = "mine"
template = "~/digests"

[section_names]
"Key Findings" = "Performance Highlights"
"What's New" = ["Contribution Summary", "기여"]
""",
    )
    loaded = load_settings(path)
    assert loaded.problems == ()
    assert loaded.read_delay == 0.5 and isinstance(loaded.read_delay, float)
    assert (loaded.sort, loaded.theme, loaded.sync_on_start) == ("votes", "gruvbox", True)
    assert dict(loaded.keymap) == {"paper.star": "B", "paper.read": "m,ctrl+m"}
    assert loaded.sources == (
        Source("hf", "https://example.org/{yyyy}/{mm}/{date}.md"),
        Source("mine", "~/digests"),
    )
    assert canonical_section("key findings", loaded.section_names) == "Performance Highlights"
    assert canonical_section("기여", loaded.section_names) == "What's New"
    assert canonical_section("Contribution summary", loaded.section_names) == "What's New"
    assert canonical_section("새로운 점", loaded.section_names) == "What's New"  # defaults kept


def test_read_delay_false_turns_reading_by_time_off(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path / "config.toml", "read_delay = false\n"))
    assert loaded.read_delay is None and loaded.problems == ()
    assert load_settings(write(tmp_path / "config.toml", "read_delay = 3\n")).read_delay == 3.0


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            "read_delay = -1",
            "config.toml: read_delay: must be a number of seconds or false; using 2",
        ),
        (
            'read_delay = "soon"',
            "config.toml: read_delay: must be a number of seconds or false; using 2",
        ),
        ("read_delay = true", "config.toml: read_delay: must be a number of seconds or false; using 2"),
        ("read_delay = nan", "config.toml: read_delay: must be a number of seconds or false; using 2"),
        (
            'sort = "popularity"',
            'config.toml: sort: must be one of "digest order", "votes", "date", "title"; ignored',
        ),
        ("theme = 3", "config.toml: theme: must be a theme's name; ignored"),
        ('sync_on_start = "yes"', "config.toml: sync_on_start: must be true or false; using false"),
        (
            "keymap = 1",
            'config.toml: keymap: must be a table of binding id = "keys"; ignored',
        ),
        (
            'keymap = { "paper.star" = 5 }',
            'config.toml: keymap.paper.star: must be keys as text ("b", or "b,ctrl+b" for '
            "several); ignored",
        ),
        (
            'keymap = { "paper.star" = "ctrl + b" }',
            'config.toml: keymap.paper.star: must be keys as text ("b", or "b,ctrl+b" for '
            "several); ignored",
        ),
        (
            "sources = 7",
            "config.toml: sources: must be [[sources]] tables with a name and a template; ignored",
        ),
        (
            'sources = [{ template = "https://x.org/{date}.md" }]',
            "config.toml: sources[1]: needs a name (text); ignored",
        ),
        (
            'sources = [{ name = "x" }]',
            "config.toml: sources[1]: needs a template (a URL or a folder, as text); ignored",
        ),
        (
            'sources = [{ name = "x", template = "https://x.org/{day}.md" }]',
            "config.toml: sources[1].template: unknown placeholder {day} (use {yyyy} {mm} {dd} "
            "{date}); ignored",
        ),
        (
            'section_names = { "Key Findings" = 3 }',
            'config.toml: section_names."Key Findings": must be a section name, or a list of '
            "other names; ignored",
        ),
        (
            "colour = 'red'",
            "config.toml: colour: unknown key, ignored (known: keymap, read_delay, sort, theme, "
            "sources, section_names, sync_on_start)",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_its_key_and_the_default_is_used(
    tmp_path: Path, line: str, problem: str
) -> None:
    loaded = load_settings(write(tmp_path / "config.toml", line + "\n"))
    assert loaded.problems == (problem,)
    key = line.split("=")[0].strip()
    if key in ("read_delay", "sort", "theme", "sync_on_start"):
        assert getattr(loaded, key) == getattr(Settings(), key)


def test_bad_values_leave_the_good_ones_alone(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        'read_delay = "x"\ntheme = "nord"\n[keymap]\n"paper.star" = 1\n"paper.read" = "M"\n',
    )
    loaded = load_settings(path)
    assert loaded.theme == "nord" and dict(loaded.keymap) == {"paper.read": "M"}
    assert len(loaded.problems) == 2


def test_dotted_binding_ids_unquoted_are_read_as_ids(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path / "config.toml", '[keymap]\npaper.star = "B"\n'))
    assert dict(loaded.keymap) == {"paper.star": "B"}


def test_a_second_source_of_the_same_name_is_a_problem(tmp_path: Path) -> None:
    text = "".join(
        f'[[sources]]\nname = "hf"\ntemplate = "https://x.org/{number}/{{date}}.md"\n'
        for number in (1, 2)
    )
    loaded = load_settings(write(tmp_path / "config.toml", text))
    assert loaded.sources == (Source("hf", "https://x.org/1/{date}.md"),)
    assert loaded.problems == ('config.toml: sources[2]: a second source named "hf"; ignored',)


def test_sources_may_be_a_table_of_name_and_template(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path / "config.toml", '[sources]\nhf = "https://x.org/{date}"\n'))
    assert loaded.sources == (Source("hf", "https://x.org/{date}"),)


def test_a_folder_source_may_hold_braces(tmp_path: Path) -> None:
    text = '[[sources]]\nname = "f"\ntemplate = "/data/{old}/digests"\n'
    assert load_settings(write(tmp_path / "config.toml", text)).sources == (
        Source("f", "/data/{old}/digests"),
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"read_delay = \n", "not valid TOML"),
        (b"\xff\xfe\x00garbage", "not UTF-8 text"),
        (b"[keymap\n", "not valid TOML"),
    ],
)
def test_a_file_that_is_not_toml_gives_the_defaults_and_one_problem(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    loaded = load_settings(path)
    (problem,) = loaded.problems
    assert problem.startswith(f"config.toml: {reason}")
    assert problem.endswith("; using the defaults")
    assert loaded.read_delay == 2.0 and loaded.sources == ()


def test_a_folder_in_place_of_the_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    (problem,) = load_settings(tmp_path / "config.toml").problems
    assert problem.startswith("config.toml: cannot be read (")


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes("\ufefftheme = 'nord'\n".encode())
    assert load_settings(path).theme == "nord"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_no_file_content_makes_loading_raise(content: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_bytes(content)
        loaded = load_settings(path)
    assert isinstance(loaded, Settings)
    assert all(isinstance(problem, str) and "\n" not in problem for problem in loaded.problems)


def test_save_sources_keeps_every_other_key(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        '# my comment\ntheme = "nord"\nread_delay = 1.5\n[keymap]\n"paper.star" = "B"\n'
        '[[sources]]\nname = "old"\ntemplate = "https://x.org/{date}"\n[custom]\nkept = [1, 2]\n',
    )
    save_sources([Source("hf", "https://y.org/{yyyy}/{date}.md"), Source("f", "~/d")], path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["theme"] == "nord" and data["read_delay"] == 1.5
    assert data["keymap"] == {"paper.star": "B"} and data["custom"] == {"kept": [1, 2]}
    assert data["sources"] == [
        {"name": "hf", "template": "https://y.org/{yyyy}/{date}.md"},
        {"name": "f", "template": "~/d"},
    ]
    assert load_settings(path).sources == (
        Source("hf", "https://y.org/{yyyy}/{date}.md"),
        Source("f", "~/d"),
    )


def test_save_sources_makes_the_file_and_removes_the_key_when_empty(isolated_home: Path) -> None:
    save_sources([Source("hf", "https://x.org/{date}")])
    assert load_settings().sources == (Source("hf", "https://x.org/{date}"),)
    save_sources([])
    assert "sources" not in tomllib.loads(paths.config_file().read_text(encoding="utf-8"))


def test_save_sources_refuses_to_overwrite_a_file_it_cannot_read(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", "theme = \n")
    with pytest.raises(SettingsError, match=r"not valid TOML.*not rewritten"):
        save_sources([Source("hf", "https://x.org/{date}")], path)
    assert path.read_text(encoding="utf-8") == "theme = \n"


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.builds(
            Source,
            st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(
                str.strip
            ).map(str.strip),
            st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="{}"),
                    min_size=1, max_size=30).filter(str.strip).map(str.strip),
        ),
        max_size=4,
        unique_by=lambda source: source.name,
    )
)
def test_saved_sources_load_back_as_they_were(sources: list[Source]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        save_sources(sources, path)
        assert load_settings(path).sources == tuple(sources)


def section_names_in(folder: Path) -> set[str]:
    from paper_tui.library import load

    return {section.name for paper in load([str(folder)]).entries for section in paper.sections}


def test_the_digest_families_section_names_map_to_the_three_sections() -> None:
    found = section_names_in(FIXTURES) | section_names_in(SAMPLE)
    labels = {"Affiliations", "Related Work Summary", "newsletter"}
    """What digests label besides their summary sections: kept as they are."""
    canonical = {canonical_section(name, DEFAULT_SECTION_NAMES) for name in found - labels}
    assert canonical == {"What's New", "Technical Details", "Performance Highlights"}
    assert {canonical_section(name, DEFAULT_SECTION_NAMES) for name in labels} == labels
    for name, wanted in [
        ("새로운 점", "What's New"),
        ("Summary", "What's New"),
        ("Problem", "What's New"),
        ("문제", "What's New"),
        ("Method", "Technical Details"),
        ("방법", "Technical Details"),
        ("기술적 세부사항", "Technical Details"),
        ("Results", "Performance Highlights"),
        ("성능 하이라이트", "Performance Highlights"),
        ("WHAT’S NEW:", "What's New"),
    ]:
        assert canonical_section(name, DEFAULT_SECTION_NAMES) == wanted


@shared
def test_the_real_digests_section_names_map_to_the_three_sections() -> None:
    found = section_names_in(DIGESTS) | section_names_in(ARXIV_DIGESTS)
    found -= {"Related Work Summary", "newsletter"}  # labels, not summary sections
    canonical = {canonical_section(name, DEFAULT_SECTION_NAMES) for name in found}
    assert canonical == {"What's New", "Technical Details", "Performance Highlights"}


def test_section_keys_ignore_case_width_and_spacing() -> None:
    assert section_key("  What's   NEW ") == section_key("what's new") == "what's new"
    assert section_key("Ｗｈａｔ") == "what"


def test_settings_toml_is_toml_that_loads_back_as_the_same_settings(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        'read_delay = false\nsort = "date"\n[keymap]\n"paper.star" = "B"\n'
        '[[sources]]\nname = "hf"\ntemplate = "https://x.org/{date}"\n',
    )
    loaded = load_settings(path)
    again = load_settings(write(tmp_path / "again.toml", settings_toml(loaded)))
    assert again.problems == ()
    assert again == loaded


def test_config_path_and_show_commands(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{isolated_home / 'config' / 'config.toml'}\n"
    write(paths.config_file(), 'theme = "nord"\nread_delay = "x"\n')
    assert main(["config", "show"]) == 0
    captured = capsys.readouterr()
    shown = tomllib.loads(captured.out)
    assert shown["theme"] == "nord" and shown["read_delay"] == 2.0
    assert shown["section_names"]["새로운 점"] == "What's New"
    assert captured.err == (
        "paper-tui: config.toml: read_delay: must be a number of seconds or false; using 2\n"
    )


def test_the_same_section_is_found_in_another_paper_by_what_it_counts_as() -> None:
    korean = ["새로운 점", "방법", "성능 하이라이트"]
    assert matching_section(korean, "Technical Details", DEFAULT_SECTION_NAMES) == 1
    assert matching_section(["Problem", "Method", "Results"], "성능 하이라이트",
                            DEFAULT_SECTION_NAMES) == 2
    assert matching_section(["Summary"], "Technical Details", DEFAULT_SECTION_NAMES) is None
    assert matching_section(["Affiliations"], "affiliations", DEFAULT_SECTION_NAMES) == 0
