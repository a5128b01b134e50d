"""libyaml's parser reads YAML for speed; the pure-Python parser explains syntax errors.

Both must give the same data, the same line and column for every value and key, and the
same refusals, or a profile would read differently on a machine without libyaml.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import InputError
from toolkit.load import sources

pytestmark = pytest.mark.skipif(
    sources._FAST_LOADER is None, reason="PyYAML was built without libyaml"
)

ROOT = Path(__file__).resolve().parents[1]


def _read(text: str, *, fast: bool) -> tuple[Any, ...]:
    builder = sources._YamlBuilder(text, "profile.yaml", fast=fast)
    doc = builder.build()
    issues = [(i.message, i.line, i.column, i.path) for i in builder.issues]
    return doc.data, doc.values, doc.keys, issues, builder.syntax_error


def _same(text: str) -> None:
    fast, pure = _read(text, fast=True), _read(text, fast=False)
    if pure[4]:  # a syntax error: parse_yaml asks the pure parser for its words
        assert fast[4], "libyaml accepted what the pure-Python parser refuses"
        return
    assert fast == pure


SHIPPED = sorted(
    p
    for folder in ("toolkit", "examples", "templates", "tests/testdata")
    for p in (ROOT / folder).rglob("*.y*ml")
)


def test_every_shipped_yaml_file_is_shipped() -> None:
    assert len(SHIPPED) > 20, SHIPPED  # packs, locales, themes, examples, test data


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_files_read_the_same(path: Path) -> None:
    _same(path.read_text("utf-8"))


TRICKY = {
    "non-ASCII before a value": "name: Zoë Ångström\ncity: 東京\nnote: x\n",
    "astral characters": "name: 😀😀 done\nnext: \U0001d4b3 value\n",
    "CRLF line ends": "basics:\r\n  name: A\r\n  email: a@b.org\r\n",
    "quoted and plain nulls": "a: null\nb: 'null'\nc: ~\nd: \"\"\ne:\n",
    "block scalars": "summary: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
    "flow collections": "skills: [ICD-10-CM, 'Epic', {name: x, level: 2}]\n",
    "comments everywhere": "# top\na: 1 # end\n# mid\nb:\n  - x # item\n",
    "anchor and alias": "a: &x 1\nb: *x\n",
    "tag": "a: !!python/object:os.system x\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "list key": "? [a, b]\n: c\n",
    "empty key": ": value\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "values YAML 1.1 would change": "a: NO\nb: 01234\nc: 1:30\nd: 3.10\ne: yes\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "tab indentation": "a:\n\tb: 1\n",
    "unclosed quote": "a: 'open\nb: 2\n",
    "colon in plain text": "title: Coder: Inpatient\n",
    "empty file": "",
    "only a comment": "# nothing\n",
    "BOM": "\ufeffa: 1\n",
}


@pytest.mark.parametrize("text", list(TRICKY.values()), ids=list(TRICKY))
def test_tricky_texts_read_the_same(text: str) -> None:
    _same(text)


def test_syntax_errors_keep_the_pure_parsers_words() -> None:
    with pytest.raises(InputError) as caught:
        sources.parse_yaml("a:\n  b: 1\n c: 2\n", "p.yaml")
    issue = caught.value.issues[0]
    assert (issue.line, issue.column) == (3, 2)
    assert "expected <block end>" in issue.message
    assert issue.hint == "check the indentation: items of one list or mapping must line up"


texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)
trees = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), texts),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(texts, children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees, st.booleans(), st.sampled_from([None, "'", '"']))
def test_any_dumped_tree_reads_the_same(tree: Any, flow: bool, style: str | None) -> None:
    text = yaml.safe_dump(tree, allow_unicode=True, default_flow_style=flow, default_style=style)
    _same(text)


def test_users_files_are_read_by_the_pure_python_parser() -> None:
    # libyaml takes a tab after a value, which PyYAML's own parser refuses: a profile must not
    # load on one machine and be refused on another, so users' files never take the fast path
    assert sources.parse_yaml("name: A\t\n", shipped=True).data == {"name": "A"}
    with pytest.raises(InputError, match="found character '\\\\t'"):
        sources.parse_yaml("name: A\t\n", "profile.yaml")


def test_only_the_builtin_role_packs_are_read_with_libyaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.roles import BUILTIN_PACKS, read_pack_folder

    seen: list[bool] = []
    real = sources.parse_yaml

    def spy(text: str, source: str | None = None, *, shipped: bool = False) -> Any:
        seen.append(shipped)
        return real(text, source, shipped=shipped)

    monkeypatch.setattr("toolkit.roles.parse_yaml", spy)
    read_pack_folder(BUILTIN_PACKS / "medical-coder")
    assert seen
    assert all(seen)
    seen.clear()
    shutil.copytree(BUILTIN_PACKS / "medical-coder", tmp_path / "my-coder")
    read_pack_folder(tmp_path / "my-coder")
    assert seen
    assert not any(seen)


@pytest.mark.parametrize(
    ("text", "where", "hint"),
    [
        ("basics:\n  name: Ana\t\n", (2, 12), "remove the tab after the value (use spaces)"),
        ("a: b\t# note\n", (1, 5), "remove the tab after the value (use spaces)"),
        ("basics:\n\tname: Ana\n", (2, 1), "indent with spaces, not tabs"),
    ],
)
def test_a_tab_is_explained_by_where_it_is(text: str, where: tuple[int, int], hint: str) -> None:
    with pytest.raises(InputError) as caught:
        sources.parse_yaml(text, "profile.yaml")
    issue = caught.value.issues[0]
    assert (issue.line, issue.column) == where
    assert issue.hint == hint
