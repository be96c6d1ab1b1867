"""The shipped boilerplate line model: loads, predicts deterministically, explains, is rebuilt by the training script."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusprep.cleaners.boilerplate.features import DENSE_NAMES, HASH_BITS, line_table
from corpusprep.cleaners.boilerplate.model import CONTEXT_NAMES, LineModel
from corpusprep.cleaners.boilerplate.step import RemoveBoilerplate
from corpusprep.errors import ConfigError
from corpusprep.steps import Context

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "benchmarks" / "boilerplate" / "train.py"
DATA = ROOT / "benchmarks" / "boilerplate" / "data"

BODY = "市场监管部门表示，今年将继续加强对重点行业的监督检查，切实保障消费者合法权益。"
PAGE = "\n".join(["首页", "新闻中心", "国际", "体育", "财经", "国际新闻：市场平稳运行", BODY, BODY,
                  "图为会议现场。", BODY, "相关新闻", "另一条新闻的标题", "又一条新闻的标题", "关于我们 | 联系我们"])


def _train_module():
    spec = importlib.util.spec_from_file_location("bp_train", TRAIN)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bp_train"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_shipped_model_loads_with_its_provenance() -> None:
    """The packaged weights match the feature layout and say what they were trained on."""
    m = LineModel.load()
    assert m.dense_w.shape == (len(DENSE_NAMES),)
    assert m.hash_w.shape == (1 << HASH_BITS,)
    assert int(m.trees.feature.max()) < len(CONTEXT_NAMES) + len(DENSE_NAMES)
    assert len(m.trees.roots) >= 10
    assert 0 < m.threshold < 1
    assert m.meta["documents"] >= 1000 and m.meta["sites"] >= 25
    assert m.meta["dense"] == list(DENSE_NAMES)


def test_shipped_model_was_trained_on_the_stored_data() -> None:
    """The data digest recorded in the model is the digest of benchmarks/boilerplate/data/ as stored."""
    m = LineModel.load()
    paths = sorted(DATA.glob("*.parquet"))
    assert [p.name for p in paths] == m.meta["trained_on"]
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    assert h.hexdigest()[:16] == m.meta["data_sha256"]


def test_predictions_are_deterministic_and_bounded() -> None:
    """Same text, same probabilities, on a fresh load too; empty lines score 0."""
    m = LineModel.load()
    t = line_table(PAGE + "\n\n" + BODY)
    p1, p2 = m.predict(t), m.predict(line_table(PAGE + "\n\n" + BODY))
    assert np.array_equal(p1, p2)
    fresh = LineModel(m.dense_w.copy(), m.hash_w.copy(), m.trees, m.threshold, dict(m.meta))
    assert np.array_equal(p1, fresh.predict(t))
    assert ((p1 >= 0) & (p1 <= 1)).all()
    assert p1[~t.nonempty].tolist() == [0.0]


def test_model_separates_menus_and_teasers_from_the_article() -> None:
    """On a page dumped to text, the menu above and the teasers below go; the article stays."""
    step = RemoveBoilerplate()
    kept = step.apply(PAGE, Context("t")).text.split("\n")
    for line in ("国际新闻：市场平稳运行", BODY):
        assert line in kept
    for line in ("首页", "新闻中心", "另一条新闻的标题", "关于我们 | 联系我们"):
        assert line not in kept


def test_removals_carry_probability_and_reasons() -> None:
    """A model removal has rule model.line and a note with p= and its strongest features."""
    edits = RemoveBoilerplate().edits(PAGE, Context("t"))
    model_edits = [e for e in edits if e.reason == "model.line"]
    assert model_edits
    for e in model_edits:
        assert e.note.startswith("p=") and "; " in e.note
        p = float(e.note[2:6])
        assert p >= LineModel.load().threshold


def test_explanations_name_ngrams_of_the_line() -> None:
    """explain() names n-grams the line holds (「…」) or dense features by name."""
    m = LineModel.load()
    names = [name for name, _ in m.explain("本文来源：新华社 作者：王某 责任编辑：李某", top=10)]
    grams = [n for n in names if "「" in n]
    assert grams and all(n.split("「")[1].rstrip("」") in "本文来源：新华社 作者：王某 责任编辑：李某" for n in grams)
    long_line = BODY * 3  # past GRAM_SPAN: labels still line up with the keys
    assert m.explain(long_line, top=3)


def test_bad_model_files_are_config_errors(tmp_path: Path) -> None:
    """A missing file, or weights of the wrong shape, raise ConfigError naming the problem."""
    with pytest.raises(ConfigError, match="cannot read line model"):
        LineModel.load(str(tmp_path / "nope.npz"))
    m = LineModel.load()
    with pytest.raises(ConfigError, match="dense weights"):
        LineModel(m.dense_w[:-1], m.hash_w, m.trees, 0.5, {})
    with pytest.raises(ConfigError, match="threshold"):
        LineModel(m.dense_w, m.hash_w, m.trees, 1.5, {})
    with pytest.raises(ConfigError, match="threshold"):
        RemoveBoilerplate(threshold=0)
    # trained on another feature layout: the trees would read the wrong columns
    for key, names in (("dense", DENSE_NAMES), ("context", CONTEXT_NAMES)):
        with pytest.raises(ConfigError, match=f"other {key} features"):
            LineModel(m.dense_w, m.hash_w, m.trees, 0.5, {**m.meta, key: list(names[::-1])})
    assert m.meta["context"] == list(CONTEXT_NAMES)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    """A saved model loads back with the same weights, threshold, meta and digest."""
    m = LineModel.load()
    path = tmp_path / "m.npz"
    m.save(str(path))
    back = LineModel.load(str(path))
    assert back.digest == m.digest and back.threshold == m.threshold and back.meta == m.meta


def test_the_model_is_part_of_the_fingerprint() -> None:
    """Another threshold or other weights change the step's config."""
    a = RemoveBoilerplate().config()
    assert a["model"] == LineModel.load().digest
    assert RemoveBoilerplate(threshold=0.9).config() != a
    assert RemoveBoilerplate(classify=False).config()["model"] is None


@pytest.mark.slow
def test_training_script_rebuilds_a_model_from_the_stored_data(tmp_path: Path) -> None:
    """train.py on a small slice of the stored data writes a loadable model, the same twice."""
    pytest.importorskip("sklearn")
    train = _train_module()
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    assert train.main(["--limit", "60", "--out", str(a)]) == 0
    assert train.main(["--limit", "60", "--out", str(b)]) == 0
    ma, mb = LineModel.load(str(a)), LineModel.load(str(b))
    assert ma.digest == mb.digest
    assert ma.meta["documents"] == 60
    t = line_table(PAGE)
    assert ma.predict(t).shape == (t.n_lines,)


@pytest.mark.slow
def test_training_rules_can_be_a_pack_of_their_own(tmp_path: Path) -> None:
    """--train-rules prepares the training documents with another rule pack (the one the
    shipped model was trained with is kept in benchmarks/boilerplate/train_rules): with a pack
    of one rule, other lines are training rows and the model differs."""
    pytest.importorskip("sklearn")
    train = _train_module()
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "one.toml").write_text(
        '[[rule]]\nid = "verification.captcha_prompt"\ncategory = "verification"\npattern = "请输入验证码"\nmatch = ["请输入验证码"]\n',
        encoding="utf-8")
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    assert train.main(["--limit", "60", "--out", str(a)]) == 0
    assert train.main(["--limit", "60", "--train-rules", str(pack), "--out", str(b)]) == 0
    assert train.TRAIN_RULES == [pack / "one.toml"]
    assert LineModel.load(str(a)).digest != LineModel.load(str(b)).digest
    assert len(list((ROOT / "benchmarks" / "boilerplate" / "train_rules").glob("*.toml"))) >= 10


@pytest.mark.slow
def test_saved_fold_models_score_again_without_training(tmp_path: Path) -> None:
    """--evaluate --save-folds keeps each fold's model; --folds-from scores with them (no
    training, no model written) and gives the same results; under other settings they are refused."""
    pytest.importorskip("sklearn")
    train = _train_module()
    folds, first, again = tmp_path / "folds", tmp_path / "first.json", tmp_path / "again.json"
    common = ["--limit", "40", "--evaluate", "--folds", "2", "--threshold", "0.9"]
    assert train.main([*common, "--results", str(first), "--out", str(tmp_path / "m.npz"),
                       "--save-folds", str(folds)]) == 0
    assert sorted(p.name for p in folds.iterdir()) == ["categories.json", "fold0.npz", "fold1.npz"]
    assert train.main([*common, "--results", str(again), "--folds-from", str(folds),
                       "--out", str(tmp_path / "unused.npz")]) == 0
    assert not (tmp_path / "unused.npz").exists()
    assert json.loads(again.read_text()) == json.loads(first.read_text())
    assert (tmp_path / "heldout.parquet").exists()
    with pytest.raises(SystemExit, match="fingerprint"):
        train.main([*common, "--c1", "0.5", "--results", str(again), "--folds-from", str(folds)])


def test_training_windows_are_short_documents_cut_at_line_boundaries() -> None:
    """train.window_rows: the first and the last k non-blank lines of a document, labels
    sliced with them, k within WINDOW_LINES, the same every time; too short a document gives none."""
    train = _train_module()
    lines = [f"第{i}段。" if i % 3 else "" for i in range(40)]
    labels = ["drop:other" if i == 38 else "keep" if ln else "" for i, ln in enumerate(lines)]
    row = {"doc_id": "d", "site": "s", "kind": "article", "text": "\n".join(lines), "labels": labels}
    wins = train.window_rows([row])
    assert wins == train.window_rows([row])
    assert [w["doc_id"].rstrip("0123456789") for w in wins] == ["d#first", "d#last"]
    lo, hi = train.WINDOW_LINES
    for w in wins:
        got = w["text"].split("\n")
        assert w["site"] == "s" and len(w["labels"]) == len(got) and got[-1] == ""
        assert lo <= sum(bool(x) for x in got) <= hi
        assert "\n".join(got[:-1]) in row["text"]
        assert w["labels"] == [labels[lines.index(x)] if x else "" for x in got]
    assert wins[0]["text"].startswith(lines[0]) and wins[1]["text"].endswith(lines[38] + "\n")
    assert train.window_rows([{**row, "text": "一。\n二。", "labels": ["keep", "keep"]}]) == []


@pytest.mark.slow
def test_numpy_trees_predict_what_scikit_learn_predicts() -> None:
    """The exported tree arrays give scikit-learn's own decision function, row for row."""
    pytest.importorskip("sklearn")
    from sklearn.ensemble import HistGradientBoostingClassifier

    train = _train_module()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3000, 6)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0.3).astype(int)
    clf = HistGradientBoostingClassifier(max_iter=30, max_depth=5, early_stopping=False, random_state=0).fit(x, y)
    trees = train.trees_from_sklearn(clf)
    probe = rng.normal(size=(500, 6)).astype(np.float32)
    assert np.allclose(trees.decision(probe), clf.decision_function(probe), rtol=0, atol=1e-9)


def test_pipeline_option_sets_the_threshold() -> None:
    """Pipeline.default(model_threshold=...) reaches the step and the fingerprint; a bad value is a ConfigError."""
    import corpusprep as cp

    p = cp.Pipeline.default(model_threshold=0.99)
    step = next(s for s in p.steps if s.name == "boilerplate")
    assert step.threshold == 0.99
    assert p.fingerprint() != cp.Pipeline.default().fingerprint()
    with pytest.raises(ConfigError, match="threshold"):
        cp.Pipeline.default(model_threshold=1.0)


def test_removed_lines_get_a_category_from_the_category_stage() -> None:
    """The shipped model names a project category for each removed line, with a probability."""
    m = LineModel.load()
    assert m.categories is not None
    known = {"caption", "credit", "ad", "verification", "editor", "page_furniture", "byline", "recommendation",
             "navigation", "share_prompt", "copyright", "markup", "end_marker", "other"}
    assert set(m.categories.names) <= known and len(m.categories.names) >= 5
    t = line_table(PAGE)
    got = m.categories.predict(t, [0, 13])
    assert len(got) == 2 and all(name in m.categories.names and 0 < p <= 1 for name, p in got)
    edits = [e for e in RemoveBoilerplate().edits(PAGE, Context("t")) if e.reason == "model.line"]
    assert edits and all(e.category in m.categories.names for e in edits)


def _explain_by_definition(m: LineModel, table, lines: dict[int, str], top: int) -> dict:  # type: ignore[no-untyped-def]
    """explain_lines written plainly, one line at a time (the reference for the fast one)."""
    from corpusprep.cleaners.boilerplate import model as mod
    from corpusprep.cleaners.boilerplate.features import _CLASS, GRAM_SPAN, SPACE

    def space(c: str) -> bool:
        return ord(c) <= 0xFFFF and int(_CLASS[ord(c)]) == SPACE

    def labels_of(line: str) -> list[str]:
        s = line.rstrip("\n")
        vis = [i for i, c in enumerate(s) if not space(c)]
        if not vis:
            return []
        span = [i for i in vis if i < GRAM_SPAN]
        out = [f"「{s[i]}」" for i in span]
        out += [f"「{s[i:i + 2]}」" for i in span if i + 1 < min(len(s), GRAM_SPAN) and not space(s[i + 1])]
        f, la = vis[0], vis[-1]
        return out + [f"starts 「{s[f:min(f + 1, la) + 1]}」", f"ends 「{s[max(la - 1, f):la + 1]}」"]

    names = [mod._DENSE_LABEL.get(n, n) for n in DENSE_NAMES]
    res = {}
    for i, line in lines.items():
        contrib: dict[str, float] = {}
        for name, c in zip(names, (table.dense[i] * m.dense_w).tolist()):
            if name != "bias" and c:
                contrib[name] = contrib.get(name, 0.0) + c
        rows = np.flatnonzero(table.gram_line == i)
        labels = labels_of(line)
        if len(labels) == len(rows):
            for label, w in zip(labels, (m.hash_w[table.gram_index[rows]] * table.gram_value[rows]).tolist()):
                contrib[label] = contrib.get(label, 0.0) + w
        ranked = sorted(contrib.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        res[i] = [(k, round(v, 2)) for k, v in ranked]
    return res


_LINE_CHARS = st.sampled_from(list("新闻责任编辑：分享到微信 \t\u3000。，「」abc123#>") + ["\U00020000", "\xa0"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(_LINE_CHARS, max_size=90), min_size=1, max_size=8), st.integers(1, 12), st.data())
def test_explanations_of_many_lines_are_each_lines_own(lines: list[str], top: int, data: st.DataObject) -> None:
    """explain_lines (all lines of a table at once) gives what the plain per-line definition gives."""
    m = LineModel.load()
    text = "\n".join(lines)
    table = line_table(text)
    lines = text.split("\n")[: table.n_lines]  # a final newline opens no line
    chosen = data.draw(st.sets(st.integers(0, table.n_lines - 1)))
    asked = {i: lines[i] for i in sorted(chosen)}
    expected = _explain_by_definition(m, table, asked, top)
    assert m.explain_lines(table, asked, top) == expected
    assert m.explain_lines(table, asked, top) == expected  # again: the remembered lines


def test_a_remembered_explanation_is_not_reused_for_other_ngram_keys() -> None:
    """The same line text over other n-gram keys (here the table holds markup the line's
    text has not: a mismatch names no n-gram) or asked for another number of reasons is
    explained afresh, not from what was remembered for the first."""
    m = LineModel.load()
    line = "扫码关注我们"  # its n-grams are among its top reasons
    for text, top in ((line, 2), ("<b>扫码</b>关注我们", 6), (line, 6), (line, 2)):
        table = line_table(text)
        got = m.explain_lines(table, {0: line}, top)
        assert got == _explain_by_definition(m, table, {0: line}, top)
        assert any("「" in name for name, _ in got[0]) == (text == line and top == 6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(_LINE_CHARS, max_size=90), min_size=1, max_size=8), st.data())
def test_categories_of_many_lines_are_each_lines_own(lines: list[str], data: st.DataObject) -> None:
    """The category stage names each asked line as it names the line asked alone (its
    n-grams and no other line's), in the order asked."""
    m = LineModel.load()
    assert m.categories is not None
    table = line_table("\n".join(lines))
    asked = data.draw(st.lists(st.integers(0, table.n_lines - 1), unique=True))
    together = m.categories.predict(table, asked)
    alone = [m.categories.predict(table, [li])[0] for li in asked]
    assert [name for name, _ in together] == [name for name, _ in alone]
    assert np.allclose([p for _, p in together], [p for _, p in alone], rtol=1e-9, atol=1e-12)


def test_explanation_names_are_unique_and_top_must_be_positive() -> None:
    """explain_lines keys a line's contributions by these names (two features under one name
    would have to be summed), and asks for at least one reason."""
    from corpusprep.cleaners.boilerplate.model import _EXPLAIN_NAMES

    assert len(set(_EXPLAIN_NAMES)) == len(_EXPLAIN_NAMES)
    m = LineModel.load()
    with pytest.raises(ConfigError, match="top"):
        m.explain_lines(line_table("甲"), {0: "甲"}, 0)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 400))
def test_float32_rows_walk_the_trees_as_float64_rows(seed: int, n: int) -> None:
    """Rows of float32 (the features' type) compare against float32 thresholds rounded down:
    the same leaves as the same rows in float64, also for values at a threshold (rounded to
    float32) and one float32 step below or above it."""
    trees = LineModel.load().trees
    rng = np.random.default_rng(seed)
    k = len(CONTEXT_NAMES) + len(DENSE_NAMES)
    x = rng.normal(size=(n, k)).astype(np.float32)
    for f in range(k):  # each feature's values near the thresholds the trees test it against
        t = trees.threshold[~trees.leaf & (trees.feature == f)]
        if len(t):
            near = rng.choice(t, size=n).astype(np.float32)
            step = rng.integers(-1, 2, size=n)
            x[:, f] = np.where(step < 0, np.nextafter(near, np.float32(-np.inf)),
                               np.where(step > 0, np.nextafter(near, np.float32(np.inf)), near))
    assert np.array_equal(trees.decision(x), trees.decision(x.astype(np.float64)))


def _walk_one(trees, row: np.ndarray) -> float:  # type: ignore[no-untyped-def]
    """A row's score read off the node arrays one node at a time."""
    total = trees.baseline
    for node in trees.roots.tolist():
        while not trees.leaf[node]:
            node = trees.left[node] if row[trees.feature[node]] <= trees.threshold[node] else trees.right[node]
        total += trees.value[node]
    return float(total)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 300))
def test_the_level_walk_scores_what_walking_each_tree_gives(seed: int, n: int) -> None:
    """The batched walk (all rows, all trees, a level at a time, in chunks) reaches each
    row's leaves, leaves above the last level included."""
    trees = LineModel.load().trees
    rng = np.random.default_rng(seed)
    x = rng.normal(scale=2.0, size=(n, len(CONTEXT_NAMES) + len(DENSE_NAMES)))
    got = trees.decision(x)
    picks = rng.choice(n, size=min(n, 8), replace=False)
    assert np.allclose(got[picks], [_walk_one(trees, x[i]) for i in picks], rtol=0, atol=1e-9)


def test_trees_deeper_than_their_depth_are_refused() -> None:
    from dataclasses import replace

    trees = LineModel.load().trees
    with pytest.raises(ConfigError, match="deeper"):
        replace(trees, depth=trees.depth - 1)


def test_fold_fingerprint_covers_the_rule_pass_code_not_the_rule_files(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Saved fold models are refused once the code that prepares their training rows changes
    (the step's rule pass and run detectors, the features), and still reused when only the
    package's rule files change."""
    import shutil

    train = _train_module()
    src = Path(train.ROOT) / "corpusprep"
    for part in ("cleaners/boilerplate", "cleaners/chardata.py", "rules"):
        (shutil.copytree if (src / part).is_dir() else shutil.copy)(src / part, tmp_path / "corpusprep" / part)
    monkeypatch.setattr(train, "ROOT", tmp_path)
    paths = sorted(train.DATA.glob("*.parquet"))[:1]

    def fingerprint() -> str:
        return train.fold_fingerprint(paths, {"folds": 2}, [])

    before = fingerprint()
    with open(tmp_path / "corpusprep" / "rules" / "navigation.toml", "a", encoding="utf-8") as f:
        f.write("\n# a rule file edited\n")
    assert fingerprint() == before
    with open(tmp_path / "corpusprep" / "cleaners" / "boilerplate" / "step.py", "a", encoding="utf-8") as f:
        f.write("\n# the rule pass edited\n")
    assert fingerprint() != before
