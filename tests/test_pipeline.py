"""The pipeline end to end: provenance maps back, nothing is lost without a record."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import corpusprep as cp
from corpusprep.cleaners.punctuation import NormalizePunctuation
from corpusprep.cleaners.variants import fold_variants
from corpusprep.document import apply_edits

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
_CANON = str.maketrans("，：；！？（）“”‘’「」", ",:;!?()\"\"''\"\"")


def canon(s: str) -> str:
    """Script- and punctuation-width-insensitive, whitespace-free form."""
    folded = NormalizePunctuation().fold(fold_variants(cp.to_simplified(s)), cp.Context("canon"))
    return "".join(folded.translate(_CANON).split())


def check_provenance(doc: cp.Document) -> None:
    src = doc.source.text
    for span in (*doc.paragraphs, *doc.sentences):
        assert 0 <= span.src_start <= span.src_end <= len(src)
        inner = [e._replace(start=e.start - span.src_start, end=e.end - span.src_start)
                 for e in doc.edits if span.src_start <= e.start and e.end <= span.src_end]
        replayed = apply_edits(src[span.src_start : span.src_end], inner)
        assert canon(span.text) in canon(replayed), (span, replayed)
        assert doc.text[span.start : span.end] == span.text
    # kept + removed cover every visible source character
    covered = bytearray(len(src))
    for a, b in [(p.src_start, p.src_end) for p in doc.paragraphs] + [(r.src_start, r.src_end) for r in doc.removed]:
        covered[a:b] = b"\x01" * (b - a)
    lost = [i for i, c in enumerate(src) if not covered[i] and not c.isspace() and c.isprintable()]
    assert not lost, f"source characters neither kept nor recorded: {[src[i] for i in lost[:10]]}"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_units_map_back_and_sources_are_covered(path):
    doc = cp.clean(path.read_text("utf-8"), source=str(path))
    assert doc.paragraphs and doc.sentences
    check_provenance(doc)
    assert doc.text == "\n".join(p.text for p in doc.paragraphs)


LINES = st.sampled_from([
    "國際時尚城建設攻勢質詢答辯會議舉行", "请输入验证码", "請輸入驗證碼", "律轉(zhuǎn)鴻鈞,萬木爭春。",
    "1月22日,會議先后在市級機關會議中心舉行(PPT)。", "增长4.7%,达到1478.98亿元", "",
    "　　缩进的段落。", "看不清？换一张", "English words, with commas.", "「開門紅」", "要拿出更",
    "加有力有效的举措,加快城市更新。", "\u200b零宽", "質詢效果顯著?,F場還組織了測評",
])


@st.composite
def documents(draw):
    lines = draw(st.lists(st.one_of(LINES, st.text(alphabet="甲乙丙國語,。 ()?!\t", max_size=12)), max_size=12))
    sep = draw(st.sampled_from(["\n", "\r\n", "\n\n", "\r"]))
    return sep.join(lines)


@settings(max_examples=150)
@given(documents())
def test_provenance_holds_on_generated_documents(text):
    check_provenance(cp.clean(text))


@settings(max_examples=100)
@given(st.text(max_size=60))
def test_any_text_cleans_without_error_and_maps_back(text):
    doc = cp.clean(text)
    assert "\r" not in doc.text
    check_provenance(doc)


def test_clean_is_deterministic_and_fingerprint_stable():
    text = SEEDS[2].read_text("utf-8")
    assert cp.clean(text) == cp.clean(text)
    assert cp.Pipeline.default().fingerprint() == cp.Pipeline.default().fingerprint()
    assert cp.Pipeline.default(conversion="tw2sp").fingerprint() != cp.Pipeline.default().fingerprint()


def test_options_are_validated():
    with pytest.raises(cp.ConfigError, match="unknown pipeline options"):
        cp.Pipeline.default(convertion="t2s")
    with pytest.raises(cp.ConfigError, match="OpenCC"):
        cp.Pipeline.default(conversion="klingon")


def test_bytes_are_refused_with_advice():
    with pytest.raises(TypeError, match="decode bytes first"):
        cp.clean(b"abc")  # type: ignore[arg-type]


def test_config_file(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('conversion = "tw2sp"\ndedupe = false\n', encoding="utf-8")
    p = cp.Pipeline.from_config_file(cfg)
    assert p.options.conversion == "tw2sp" and not p.options.dedupe
    cfg.write_text("colour = 1\n", encoding="utf-8")
    with pytest.raises(cp.ConfigError, match=r"c\.toml: unknown pipeline options"):
        cp.Pipeline.from_config_file(cfg)


def test_pipeline_pickles_for_worker_processes():
    import pickle

    p = cp.Pipeline.default(max_sentence_chars=20, sentence_semicolon=True)
    q = pickle.loads(pickle.dumps(p))
    text = SEEDS[1].read_text("utf-8")
    assert q.fingerprint() == p.fingerprint() and q.clean(text) == p.clean(text)


def test_sentence_options_reach_the_splitter():
    text = "一是精准指导；二是精准服务。甲乙丙丁戊己庚辛壬癸子丑寅卯，辰巳午未申酉戌亥。"
    plain = cp.Pipeline.default().clean(text)
    semi = cp.Pipeline.default(sentence_semicolon=True, max_sentence_chars=12).clean(text)
    assert [s.text for s in plain.sentences][0] == "一是精准指导；二是精准服务。"
    assert [s.text for s in semi.sentences][:2] == ["一是精准指导；", "二是精准服务。"]
    assert semi.meta["soft_sentence_cuts"]
    check_provenance(semi)
