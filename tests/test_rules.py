"""The rule pack: every rule's examples behave, ids are unique, bad rules fail loudly."""

from __future__ import annotations

import re

import pytest

from corpusprep.cleaners.boilerplate import SCOPES, WHERE, Rule, RulePack, load_rules
from corpusprep.errors import RuleError

RULES = load_rules()
CATEGORIES = {
    "caption", "credit", "ad", "verification", "editor", "page_furniture", "byline",
    "recommendation", "share_prompt", "copyright", "navigation", "markup", "end_marker", "other",
}


def test_every_rule_example_passes() -> None:
    """RulePack.check_examples() reports no failing example."""
    assert RulePack(RULES).check_examples() == []


def test_check_examples_can_fail() -> None:
    """A rule whose example does not match is reported (the check is not vacuous)."""
    bad = Rule("t.bad", "other", "甲乙", match=("丙丁",), no_match=("甲乙",))
    assert RulePack([bad]).check_examples() == ["t.bad: should match '丙丁'", "t.bad: should not match '甲乙'"]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_documented(rule: Rule) -> None:
    """Each rule has a known category, a comment, and positive and negative examples."""
    assert rule.category in CATEGORIES
    assert rule.comment.strip()
    assert rule.match and rule.no_match
    assert rule.scope in SCOPES and rule.where in WHERE
    assert rule.id.split(".")[0] in CATEGORIES | {"credit"}


def test_categories_cover_the_issue() -> None:
    """The pack has rules for every category the issue asks for."""
    have = {r.category for r in RULES}
    assert CATEGORIES <= have


def test_ids_are_unique_and_snake_case() -> None:
    """Rule ids are unique, lowercase dotted snake_case."""
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", i) for i in ids)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[rule]]\nid="a.b"\ncategory="x"\npattern="("\nmatch=["x"]', "does not compile"),
        ('[[rule]]\nid="a.b"\ncategory="x"\npattern="x"', "needs at least one example"),
        ('[[rule]]\nid="a.b"\ncategory="x"\npattern="x"\nscope="page"\nmatch=["x"]', "scope must be one of"),
        ('[[rule]]\nid="a.b"\ncategory="x"\npattern="x"\nmatch=["x"]\ncolour="red"', "unknown keys"),
        ('[[rule]]\nid="a.b"\npattern="x"\nmatch=["x"]', "missing"),
        ("[[rule]\n", "not valid TOML"),
    ],
)
def test_bad_rule_files_raise(tmp_path, body: str, message: str) -> None:
    """A broken rule file raises RuleError naming the file and the problem."""
    f = tmp_path / "bad.toml"
    f.write_text(body, "utf-8")
    with pytest.raises(RuleError, match=message):
        load_rules([f])


def test_duplicate_ids_across_files_raise(tmp_path) -> None:
    """The same id in two files is an error."""
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text('[[rule]]\nid="a.b"\ncategory="x"\npattern="x"\nmatch=["x"]', "utf-8")
    with pytest.raises(RuleError, match="defined twice"):
        load_rules(sorted(tmp_path.iterdir()))


def test_a_whole_line_rule_is_compiled_once(tmp_path):
    """Loading checks each whole-line rule by compiling it as the pack runs it, and the
    pack reuses that compiled pattern (compiling is most of building the pipeline)."""
    from corpusprep.cleaners.boilerplate.rules import RulePack, line_pattern

    f = tmp_path / "one.toml"
    f.write_text('[[rule]]\nid="a.only_rule_of_this_test"\ncategory="x"\n'
                 'pattern="独一无二的测试行\\\\s*"\nmatch=["独一无二的测试行"]', "utf-8")
    before = line_pattern.cache_info()
    pack = RulePack(load_rules([f]))
    after = line_pattern.cache_info()
    assert after.misses - before.misses == 1
    assert after.hits - before.hits >= 1
    assert pack.find("正文。\n独一无二的测试行\n")[0][2].id == "a.only_rule_of_this_test"


def test_a_bad_pattern_is_reported_as_written(tmp_path):
    """The compile error names the rule and speaks of the pattern as written, not of the
    anchored form the pack compiles."""
    f = tmp_path / "bad.toml"
    f.write_text('[[rule]]\nid="a.b"\ncategory="x"\npattern="abc(def"\nmatch=["x"]', "utf-8")
    with pytest.raises(RuleError, match=r"rule 'a\.b'.*position 3"):
        load_rules([f])
