"""Cleaning in batches: each document gets exactly what it gets alone, and one document that
fails fails alone."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpusprep as cp
from corpusprep.cleaners.boilerplate import RemoveBoilerplate
from corpusprep.cleaners.boilerplate.features import line_table, line_tables
from corpusprep.cleaners.boilerplate.model import LineModel
from corpusprep.document import Edit, Source
from corpusprep.steps import Context, EditStep

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
LINES = [ln for f in SEEDS for ln in f.read_text("utf-8").split("\n")]
PIECES = st.sampled_from(LINES + ["", "  ", "分享到：微信 微博", "相关新闻", "首页 > 新闻", "（责任编辑：王某）",
                                  "𠀀𠀁新闻", "### 小标题", "<p>正文。</p>", "http://example.com/a"])
DOCS = st.lists(st.lists(PIECES, max_size=25).map("\n".join), min_size=1, max_size=6)


def _source(i: int, text: str) -> Source:
    return Source(f"d{i}", text, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


def _same(a: cp.Document, b: cp.Document) -> bool:
    return (a.text, a.paragraphs, a.sentences, a.removed, a.edits, a.flags, a.meta, a.stats) == \
        (b.text, b.paragraphs, b.sentences, b.removed, b.edits, b.flags, b.meta, b.stats)


@settings(max_examples=40, deadline=None)
@given(DOCS)
def test_a_batch_cleans_each_document_as_it_is_cleaned_alone(texts: list[str]) -> None:
    p = cp.Pipeline.default()
    srcs = [_source(i, t) for i, t in enumerate(texts)]
    batch = p.clean_batch(srcs)
    for src, got in zip(srcs, batch):
        assert isinstance(got, cp.Document)
        assert _same(got, p.clean_source(src))


@settings(max_examples=40, deadline=None)
@given(DOCS)
def test_line_features_and_scores_of_a_batch_are_those_of_each_document(texts: list[str]) -> None:
    batch = line_tables(texts)
    alone = [line_table(t) for t in texts]
    m = LineModel.load()
    assert batch.bounds.tolist() == np.cumsum([0] + [t.n_lines for t in alone]).tolist()
    assert np.array_equal(batch.dense, np.concatenate([t.dense for t in alone]))
    assert np.array_equal(m.predict(batch), np.concatenate([m.predict(t) for t in alone]))


@settings(max_examples=40, deadline=None)
@given(DOCS, st.data())
def test_scoring_some_lines_gives_them_their_scores_and_the_others_zero(texts: list[str], data: st.DataObject) -> None:
    """predict(only=mask): the lines asked get the scores of the full prediction (the rest
    stay their context), the others 0."""
    table = line_tables(texts)
    m = LineModel.load()
    only = np.array(data.draw(st.lists(st.booleans(), min_size=table.n_lines, max_size=table.n_lines)), dtype=bool)
    full, some = m.predict(table), m.predict(table, only=only)
    assert np.array_equal(some[only], full[only])
    assert not some[~only].any()


def test_the_boilerplate_step_scores_a_batch_in_one_model_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """apply_many runs the model once per pass over the whole batch, not once per document."""
    step = RemoveBoilerplate()
    calls = []
    real = LineModel.predict
    monkeypatch.setattr(LineModel, "predict", lambda self, t, **kw: calls.append(len(t.bounds) - 1) or real(self, t, **kw))
    texts = ["\n".join(LINES[i:i + 20]) for i in range(0, 200, 20)]
    out = step.apply_many(texts, [Context(f"d{i}") for i in range(len(texts))])
    # one call per pass, each over every document still changing: the first over all
    # that reach the model, then fewer
    assert len(calls) >= 2 and calls[0] >= 5 and calls == sorted(calls, reverse=True)
    alone = [step.apply(t, Context("x")) for t in texts]
    assert [r.text for r in out] == [r.text for r in alone]


class _FailsOn(EditStep):
    """A step that raises on documents holding 坏 and flags every document it sees."""

    name = "fails_on"

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        ctx.flag("seen")
        if "坏" in text:
            raise ValueError("bad document")
        return []


def test_one_failing_document_fails_alone_and_the_others_are_unchanged() -> None:
    p = cp.Pipeline.default()
    bad = p.with_step(_FailsOn(), before="boilerplate")
    texts = ["国际新闻。\n正文第一段，内容完整。", "坏的文档。", "另一篇正文，说明情况。"]
    srcs = [_source(i, t) for i, t in enumerate(texts)]
    out = bad.clean_batch(srcs)
    assert isinstance(out[1], ValueError)
    for i in (0, 2):
        assert isinstance(out[i], cp.Document)
        assert out[i].flags == {"seen": 1}  # the batch that raised was undone, then run once each
        assert out[i].text == p.clean_source(srcs[i]).text
    with pytest.raises(ValueError, match="bad document"):
        bad.clean_source(srcs[1])


def test_run_cleans_lazily_in_batches_and_raises_in_order() -> None:
    p = cp.Pipeline.default().with_step(_FailsOn(), before="boilerplate")
    srcs = [_source(i, t) for i, t in enumerate(["正文一。", "正文二。", "坏。", "正文三。"])]
    it = p.run(srcs, batch=2)
    assert [d.text for d in (next(it), next(it))] == ["正文一。", "正文二。"]
    with pytest.raises(ValueError):
        next(it)
