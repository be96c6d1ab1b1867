"""corpusprep.testing.checks catches broken cleaners, and says where the fault is.

Each broken cleaner here breaks one law on purpose; its test asserts that the check fails
with a message naming the law and pointing at the fault (the character, the offsets, the
rule). Correct cleaners of each kind pass, so the checks are not failing everything.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given

from corpusprep.document import Document, Edit, OffsetMap, Removal, Source, Span, apply_edits
from corpusprep.errors import ConfigError
from corpusprep.segment import paragraph_spans
from corpusprep.steps import Context, EditStep, FoldStep, Step, StepResult
from corpusprep.testing import InvalidArgument, NewsArticle, Stretch
from corpusprep.testing import strategies as cs
from corpusprep.testing.checks import (
    check_cleaner,
    check_coverage,
    check_deterministic,
    check_document,
    check_step,
    default_fold,
    removal_scores,
)

# -- cleaners that obey the laws --------------------------------------------------------


class DropCaptcha(EditStep):
    """Removes '请输入验证码' lines, recording each removal as an Edit."""

    name = "drop_captcha"

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        return [Edit(m.start(), m.end(), m.group(), "", "captcha.prompt", "verification")
                for m in re.finditer(r"请输入验证码\n?", text)]


class FullWidthComma(FoldStep):
    """Folds ASCII commas after Han characters to '，' in place."""

    name = "full_width_comma"

    def fold(self, text: str, ctx: Context) -> str:
        return re.sub(r"(?<=[\u4e00-\u9fff]),", "，", text)


def toy_pipeline(text: str, *, record: bool = True, shift: int = 0, removal_shift: int = 0) -> Document:
    """A user's own Document-producing cleaner: drops captcha lines, one paragraph a line.

    ``record=False`` drops the lines without edits or removals; ``shift`` moves every
    paragraph's source offsets; ``removal_shift`` moves every removal's offsets.
    """
    edits = DropCaptcha().edits(text, Context("toy"))
    out = apply_edits(text, edits)
    omap = OffsetMap.identity(len(text)).compose(text, edits)
    paragraphs = []
    for a, b in paragraph_spans(out):
        s, e = omap.source_span(a, b)
        paragraphs.append(Span(out[a:b], s + shift, e + shift, a, b))
    removed = tuple(
        Removal(e.start + removal_shift, e.end + removal_shift, e.old, e.reason, e.category)
        for e in edits
    )
    return Document(
        Source("<toy>", text, "0" * 64), out, tuple(paragraphs), (),
        removed if record else (), tuple(edits) if record else (), {}, {}, {}, omap,
    )


ARTICLE = "国际新闻\n请输入验证码\n市场报道，增长4.7%。"


def test_correct_cleaners_pass() -> None:
    """An EditStep, a FoldStep, a Document producer and a str function that obey the laws pass."""
    assert check_cleaner(DropCaptcha(), ARTICLE).text == "国际新闻\n市场报道，增长4.7%。"
    assert check_cleaner(FullWidthComma(), "市场报道,增长").folded == 1
    doc = check_cleaner(toy_pipeline, ARTICLE)
    assert isinstance(doc, Document) and [r.text for r in doc.removed] == ["请输入验证码\n"]
    assert check_cleaner(str.strip, "  正文。\n") == "正文。"


@given(text=cs.news_article(categories=["verification"], max_boilerplate=3).map(lambda a: a.text))
def test_correct_cleaners_pass_on_generated_articles(text: str) -> None:
    """The same cleaners pass on generated articles with captcha prompts injected."""
    check_cleaner(DropCaptcha(), text)
    check_cleaner(toy_pipeline, text)


# -- drops a character without a record -------------------------------------------------


class DropsSilently(Step):
    """Deletes every '请输入验证码' but reports no edit for it."""

    name = "drops_silently"

    def apply(self, text: str, ctx: Context) -> StepResult:
        return StepResult(text.replace("请输入验证码", ""), [])


def test_step_dropping_text_without_edit_fails_replay() -> None:
    """A step that deletes text without an Edit fails 'replay', naming the lost character
    and its input offset."""
    with pytest.raises(AssertionError, match=r"^\[replay\] DropsSilently\(\)") as info:
        check_cleaner(DropsSilently(), ARTICLE)
    msg = str(info.value)
    assert "input character '请' at input offset 5 disappeared without an Edit" in msg
    assert "input: '国际新闻\\n请输入验证码" in msg


@given(article=cs.news_article(categories=["verification"], min_boilerplate=1))
def test_step_dropping_text_fails_on_every_generated_article(article: NewsArticle) -> None:
    """Inside @given: every article with a captcha prompt exposes the silent drop, and the
    message names an input offset inside the first injected prompt that the step drops."""
    prompts = [s for s in article.injected if "请输入验证码" in s.text]
    if not prompts:
        return
    with pytest.raises(AssertionError, match=r"^\[replay\]") as info:
        check_cleaner(DropsSilently(), article.text)
    offset = int(re.search(r"at input offset (\d+)", str(info.value)).group(1))  # type: ignore[union-attr]
    assert article.text[offset] == "请"


def test_document_dropping_text_without_record_fails() -> None:
    """A Document producer that drops a line without edit or removal fails
    'removals_recorded' at the source offset of the lost line, and 'coverage' names it."""
    broken = lambda text: toy_pipeline(text, record=False)  # noqa: E731
    with pytest.raises(AssertionError, match=r"^\[removals_recorded\]") as info:
        check_cleaner(broken, ARTICLE)
    assert "source offset 5" in str(info.value) and "vanished or appeared without an edit" in str(info.value)
    with pytest.raises(AssertionError, match=r"^\[coverage\]") as info:
        check_coverage(broken(ARTICLE))
    assert "source [5, 11) '请输入验证码' is in no kept paragraph and no removal" in str(info.value)


# -- shifts offsets by one --------------------------------------------------------------


class ShiftedEdits(EditStep):
    """Like DropCaptcha, but every edit's offsets are one too far right."""

    name = "shifted_edits"

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        return [e._replace(start=e.start + 1, end=e.end + 1) for e in DropCaptcha().edits(text, ctx)]

    def apply(self, text: str, ctx: Context) -> StepResult:
        # the text is right, the records are off by one
        return StepResult(DropCaptcha().apply(text, ctx).text, self.edits(text, ctx))


def test_step_with_shifted_edits_fails_replay() -> None:
    """Edits one character off fail 'replay': the edit's claimed text is not at its offsets."""
    with pytest.raises(AssertionError, match=r"^\[replay\] ShiftedEdits\(\): its edits do not fit its input") as info:
        check_cleaner(ShiftedEdits(), ARTICLE)
    assert "at [6, 13) claims to replace '请输入验证码\\n' but the text there is '输入验证码\\n市'" in str(info.value)


def test_document_with_shifted_spans_fails_spans_map_back() -> None:
    """Paragraph offsets one character off fail 'spans_map_back', which says by how much."""
    with pytest.raises(AssertionError, match=r"^\[spans_map_back\]") as info:
        check_cleaner(lambda text: toy_pipeline(text, shift=1), ARTICLE)
    msg = str(info.value)
    assert "paragraph 0 '国际新闻' claims source [1, 5)" in msg
    assert "the offsets look shifted by +1" in msg


def test_document_with_shifted_removals_fails_removals_recorded() -> None:
    """Removal offsets one character off fail 'removals_recorded', which says by how much."""
    with pytest.raises(AssertionError, match=r"^\[removals_recorded\]") as info:
        check_document(toy_pipeline(ARTICLE, removal_shift=-1))
    msg = str(info.value)
    assert "removal 0 (rule 'captcha.prompt') records '请输入验证码\\n' at [4, 11)" in msg
    assert "offsets shifted by -1" in msg


# -- not idempotent ---------------------------------------------------------------------


class HalveSpaceRuns(EditStep):
    """Replaces each pair of spaces by one space: a run of four needs two runs."""

    name = "halve_space_runs"

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        return [Edit(m.start(), m.end(), "  ", " ", "spaces.halve", "whitespace")
                for m in re.finditer("  ", text)]


def test_step_that_is_not_idempotent_fails() -> None:
    """A step whose second run still edits fails 'idempotent', showing the second edit."""
    with pytest.raises(AssertionError, match=r"^\[idempotent\] HalveSpaceRuns\(\)") as info:
        check_cleaner(HalveSpaceRuns(), "甲    乙")
    assert "made 1 more edits; first: 'spaces.halve' replaces '  ' by ' ' at [1, 3)" in str(info.value)


@given(text=cs.chinese_text(min_paragraphs=2, blank_lines=True, indent=True))
def test_function_that_is_not_idempotent_fails(text: str) -> None:
    """Inside @given: a str function that strips one indentation character at a time
    is caught on every indented text."""
    def strip_one(s: str) -> str:
        return re.sub(r"(?m)^\u3000", "", s)

    with pytest.raises(AssertionError, match=r"^\[idempotent\] .*strip_one: a second run changed the output at offset 0"):
        check_cleaner(strip_one, text)


# -- raises on a control character ------------------------------------------------------


class RejectsControls(EditStep):
    """Refuses text with C0 control characters instead of removing them."""

    name = "rejects_controls"

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
            raise ValueError("control character in text")
        return []


def test_step_raising_on_control_character_fails_no_exception() -> None:
    """A step that raises fails 'no_exception', quoting the exception and the character."""
    with pytest.raises(AssertionError, match=r"^\[no_exception\] RejectsControls\(\)") as info:
        check_cleaner(RejectsControls(), "正文\x07。")
    msg = str(info.value)
    assert "raised ValueError: control character in text" in msg
    assert "the input has '\\x07' control at offset 2" in msg
    assert isinstance(info.value.__cause__, ValueError)


@given(text=cs.hostile_text(surrogates=False))
def test_no_exception_check_catches_the_crash_on_hostile_text(text: str) -> None:
    """Inside @given with hostile_text: whenever a control character is drawn, the check
    fails; otherwise the step passes."""
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
        with pytest.raises(AssertionError, match=r"^\[no_exception\]"):
            check_cleaner(RejectsControls(), text)
    else:
        check_cleaner(RejectsControls(), text)


# -- the other laws ---------------------------------------------------------------------


class AddsCarriageReturns(EditStep):
    """Writes Windows line endings."""

    name = "adds_cr"

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        return [Edit(m.start(), m.end(), "\n", "\r\n", "crlf", "whitespace") for m in re.finditer("\n", text)]


def test_step_introducing_carriage_return_fails() -> None:
    """A step may never introduce '\\r'."""
    with pytest.raises(AssertionError, match=r"^\[no_carriage_return\] .*introduces '\\r'"):
        check_cleaner(AddsCarriageReturns(), "甲\n乙", skip=["idempotent"])


class UncountedFold(Step):
    """Folds commas in place but does not count them in StepResult.folded."""

    name = "uncounted_fold"

    def apply(self, text: str, ctx: Context) -> StepResult:
        return StepResult(text.replace(",", "，"), [])


def test_step_with_uncounted_fold_fails_replay() -> None:
    """In-place changes must be counted in 'folded'; the check shows the first one."""
    with pytest.raises(AssertionError, match=r"^\[replay\] .*reports folded=0 .* at 1 positions") as info:
        check_cleaner(UncountedFold(), "甲,乙")
    assert "edits give ',', the step returned '，'" in str(info.value)


class FoldsAfterEditing(EditStep):
    """Replaces '\\xa0\\x00' by '\\xa0' (an edit), then folds the NBSP to a space."""

    name = "folds_after_editing"

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        return [Edit(m.start(), m.end(), m.group(), "\xa0", "nbsp", "whitespace")
                for m in re.finditer("\xa0\x00", text)]

    def apply(self, text: str, ctx: Context) -> StepResult:
        res = super().apply(text, ctx)
        out = res.text.replace("\xa0", " ")
        return StepResult(out, res.edits, sum(a != b for a, b in zip(res.text, out)))


def test_step_folding_its_own_edit_fails_revert() -> None:
    """An edit's replacement must be what the output holds, or it cannot be reverted."""
    with pytest.raises(AssertionError, match=r"^\[revert\]") as info:
        check_cleaner(FoldsAfterEditing(), "甲\xa0\x00乙")
    assert "edit 'nbsp' at input [1, 3) says it wrote '\\xa0', but the output there has ' '" in str(info.value)


def test_function_introducing_characters_fails_unless_allowed() -> None:
    """A str function may only add characters it declares."""
    def add_period(s: str) -> str:
        return s if s.endswith("。") else s + "。"

    with pytest.raises(AssertionError, match=r"^\[nothing_introduced\] .*add_period: the output has '。' \(IDEOGRAPHIC FULL STOP\) at offset 2"):
        check_cleaner(add_period, "正文")
    assert check_cleaner(add_period, "正文", allowed="。") == "正文。"


def test_nondeterministic_cleaner_fails() -> None:
    """Two runs on the same input must agree."""
    counter = itertools.count()

    def numbered(s: str) -> str:
        return s.replace("#", str(next(counter) % 10))

    with pytest.raises(AssertionError, match=r"^\[deterministic\] .*numbered: two runs on the same input disagree: the texts differ at offset 1"):
        check_deterministic(numbered, "第#段")


def test_skip_leaves_a_law_out() -> None:
    """'skip' turns off a law and only that law."""
    check_cleaner(HalveSpaceRuns(), "甲    乙", skip=["idempotent"])
    with pytest.raises(AssertionError, match=r"^\[replay\]"):
        check_cleaner(DropsSilently(), ARTICLE, skip=["idempotent"])


# -- arguments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": b"\xe6\xad\xa3"}, "text must be a str, got bytes"),
        ({"text": "正文", "skip": "idempotent"}, "skip='idempotent' must be a collection of law names"),
        ({"text": "正文", "skip": ["idempotence"]}, "unknown laws ['idempotence']"),
    ],
)
def test_bad_arguments_raise_invalid_argument(kwargs: dict[str, object], message: str) -> None:
    """Misuse raises InvalidArgument (a ConfigError and a TypeError) naming the value."""
    with pytest.raises(InvalidArgument, match=re.escape(message)) as info:
        check_cleaner(str.strip, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ConfigError) and isinstance(info.value, TypeError)


def test_cleaner_returning_something_else_is_reported() -> None:
    """A cleaner must return a str or a Document."""
    with pytest.raises(AssertionError, match=r"returned list, expected str or Document"):
        check_cleaner(lambda s: list(s), "正文")
    with pytest.raises(InvalidArgument, match="must be a Step, a Pipeline or a callable"):
        check_cleaner(42, "正文")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="must be a corpusprep Step"):
        check_step(str.strip, "正文")  # type: ignore[arg-type]


# -- folding and scores -----------------------------------------------------------------


def test_default_fold_equates_the_in_place_folds() -> None:
    """Script, punctuation width, corner quotes and space kinds fold alike; content does not."""
    assert default_fold("據瞭解「新聞」，２０２１\u3000年") == default_fold("据了解“新闻”,2021 年")
    assert default_fold("新闻") != default_fold("新闽")
    assert default_fold("\ud800中") == "\ud800中"  # lone surrogates pass through


def test_removal_scores_measure_precision_and_recall() -> None:
    """Character-level precision/recall against injected stretches; misses are listed."""
    article = NewsArticle("正文。\n责任编辑：王某\n广告", "", ("正文。",),
                          (Stretch(4, 11, "责任编辑：王某", "editor"), Stretch(12, 14, "广告", "ad")))
    perfect = removal_scores(article, [(4, 12), (12, 14)])
    assert (perfect.precision, perfect.recall, perfect.missed) == (1.0, 1.0, ())
    partial = removal_scores(article, [(0, 3), (4, 11)])
    assert partial.recall == 7 / 9 and partial.precision == 7 / 10
    assert [s.category for s in partial.missed] == ["ad"] and partial.spurious == ((0, 3, "正文。"),)
    doc = toy_pipeline("正文。\n请输入验证码")
    truth = NewsArticle(doc.source.text, "", ("正文。",), (Stretch(4, 10, "请输入验证码", "verification"),))
    assert removal_scores(truth, doc).recall == 1.0
