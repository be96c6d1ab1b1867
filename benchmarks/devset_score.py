"""Score the default pipeline's boilerplate removal on the shared development set.

Run from the project root::

    python benchmarks/devset_score.py [--devset ../shared/devset] [--per-doc]

The adapter is span-based: it returns the source offsets of every removal the pipeline
recorded (``doc.removed``), so a line counts as removed only if the audit says so. If the
devset directory is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEVSET = ROOT.parent / "shared" / "devset"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import corpusprep as cp  # noqa: E402

_PIPELINE = None

#: categories whose removals are not boilerplate decisions (folds, pinyin, reflow joins)
NOT_BOILERPLATE = frozenset({"whitespace", "pinyin", "encoding", "punctuation", "script", "reflow", "layout"})


def _pipeline() -> cp.Pipeline:
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = cp.Pipeline.default()
    return _PIPELINE


def removed_spans(text: str) -> list[tuple[int, int]]:
    """The honest adapter: source spans of the pipeline's recorded removals."""
    doc = _pipeline().clean(text)
    return [(r.src_start, r.src_end) for r in doc.removed if r.category not in NOT_BOILERPLATE]


def cleaned_text(text: str) -> str:
    """The text adapter (lenient: a line counts as kept if its text survives anywhere)."""
    return _pipeline().clean(text).text


def _load_scorer(devset: Path):
    spec = importlib.util.spec_from_file_location("devset_score_impl", devset / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    ap.add_argument("--per-doc", action="store_true")
    ap.add_argument("--text", action="store_true", help="score the cleaned text instead of spans")
    a = ap.parse_args(argv)
    if not (a.devset / "score.py").exists() or not (a.devset / "labels.jsonl").exists():
        print(f"devset not found at {a.devset}; skipping")
        return 0
    scorer = _load_scorer(a.devset)
    res = scorer.score(scorer.load(str(a.devset)), cleaned_text if a.text else removed_spans)
    o = res["overall"]
    print(f"mode={'text' if a.text else 'spans'} docs={o['docs']}")
    print("overall  P=%.3f R=%.3f F1=%.3f keep_lost=%.3f (fp=%d fn=%d)"
          % (o["precision"], o["recall"], o["f1"], o["keep_lost"], o["fp"], o["fn"]))
    for k, v in res["per_source"].items():
        print("  %-40s P=%.3f R=%.3f F1=%.3f keep_lost=%.3f"
              % (k, v["precision"], v["recall"], v["f1"], v["keep_lost"]))
    print("per category (share removed):")
    for c, v in res["per_category"].items():
        print("  %-15s %4d lines  removed %4d  (%.3f)" % (c, v["lines"], v["removed"], v["share_removed"]))
    if a.per_doc:
        for d in res["per_doc"]:
            if d["fp"] or d["fn"]:
                print("  doc %03d tp=%d fp=%d fn=%d tn=%d" % (d["index"], d["tp"], d["fp"], d["fn"], d["tn"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
