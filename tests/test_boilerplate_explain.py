"""explain.format_rules and explain.explain."""

from __future__ import annotations

import corpusprep as cp
from corpusprep.cleaners.boilerplate import load_rules
from corpusprep.explain import explain, format_rules


def test_format_rules_lists_every_rule() -> None:
    """The table has a header, one row per rule, and a count."""
    rules = load_rules()
    table = format_rules(rules)
    lines = table.splitlines()
    assert lines[0].split() == ["id", "category", "scope", "where", "comment"]
    assert len(lines) == len(rules) + 2
    assert lines[-1] == f"{len(rules)} rules"


def test_explain_marks_removed_and_partial_lines() -> None:
    """Removed lines carry category and rule; inline removals show as ⟦…⟧."""
    doc = cp.Pipeline.default().clean("<p>正文第一段。</p>\n请输入验证码\n责任编辑：王某", source="a.txt")
    out = explain(doc)
    assert out.splitlines()[0].startswith("# a.txt: ")
    assert "✗ 请输入验证码  [verification · verification.captcha_prompt]" in out
    assert "~ ⟦<p>⟧正文第一段。⟦</p>⟧" in out


def test_explain_shows_duplicate_pointer() -> None:
    """A duplicate's note (the line it repeats) is shown."""
    p = "距离2022年结束还有不到40天时间，擂主们也立下军令状，在确保完成既定目标的同时，谋划好未来的工作。"
    out = explain(cp.Pipeline.default().clean(f"{p}\n{p}"), header=False)
    assert "repeats line 1" in out
