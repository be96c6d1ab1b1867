"""Sentence-boundary F1 and T→S accuracy on UD Chinese ``train`` files (never dev/test).

    python benchmarks/ud_sentences.py sentences TRAIN.conllu [--group 10] [--normalize]
    python benchmarks/ud_sentences.py t2s GSD-train.conllu GSDSimp-train.conllu

The treebank files are not in the repository (CC BY-SA 4.0; see docs/segmentation.md for
the versions used). Only ``train`` files may be passed: the issue keeps ``dev`` and ``test``
for evaluation, and this script refuses a path naming either.

Sentences: consecutive treebank sentences are joined, ``--group`` at a time, into one
paragraph (no separator), the paragraph is split, and boundaries are compared as counts of
non-whitespace characters before each sentence end (the paragraph's end not counted), as in
``bench_segment.py``. ``--normalize`` first runs the pipeline's punctuation step over the
paragraph (a length-keeping fold), as the default pipeline does before splitting.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpusprep.segment import split_sentences  # noqa: E402

_LATIN = re.compile(r"[A-Za-z0-9]")


#: the UD 1.3 file writes ASCII punctuation tokens; v2 "use East Asian punctuation where
#: appropriate" (the treebank's changelog): ``--fullwidth`` maps PUNCT tokens so
_FULLWIDTH = str.maketrans(".,;:?!()", "。，；：？！（）")


def read_sentences(path: str, fullwidth: bool = False) -> list[tuple[str, str]]:
    """``(sent_id, text)`` per sentence: ``# text =`` if present, else the tokens joined
    (a space only where ``SpaceAfter`` is absent in files that have MISC, or between two
    Latin/digit tokens in files that have none)."""
    if re.search(r"(^|[-_/])(dev|test)\b|-(dev|test)\.", Path(path).name):
        raise SystemExit(f"{path}: only train splits may be used")
    out: list[tuple[str, str]] = []
    sid, text, toks = "", None, []
    for line in Path(path).read_text("utf-8").splitlines() + [""]:
        if not line:
            if toks or text:
                if text is None:
                    text = ""
                    for i, (form, misc) in enumerate(toks):
                        text += form
                        if i + 1 < len(toks):
                            nxt = toks[i + 1][0]
                            if misc is None:
                                if _LATIN.match(form[-1]) and _LATIN.match(nxt[0]):
                                    text += " "
                            elif "SpaceAfter=No" not in misc:
                                text += " "
                out.append((sid or str(len(out)), text))
            sid, text, toks = "", None, []
        elif line.startswith("# sent_id ="):
            sid = line.split("=", 1)[1].strip()
        elif line.startswith("# text =") and not fullwidth:
            text = line.split("=", 1)[1].strip()
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            form = cols[1]
            if fullwidth and cols[3] == "PUNCT":
                form = "……" if len(form) > 1 and set(form) == {"."} else form.translate(_FULLWIDTH)
            toks.append((form, cols[9] if cols[9] != "_" else None))
    return out


def _boundaries(sentences: list[str]) -> set[int]:
    total = sum(not c.isspace() for s in sentences for c in s)
    out, n = set(), 0
    for s in sentences:
        n += sum(not c.isspace() for c in s)
        if 0 < n < total:
            out.add(n)
    return out


_REGEX = re.compile(r"(?<=[。！？!?])(?![。！？!?”’」』）)])")


def regex_split(text: str) -> list[str]:
    return [s for s in _REGEX.split(text) if s]


def sentence_scores(path: str, group: int, normalize: bool, show: int, fullwidth: bool = False) -> None:
    sents = [t for _, t in read_sentences(path, fullwidth)]
    norm = None
    if normalize:
        from corpusprep.cleaners.punctuation import NormalizePunctuation
        from corpusprep.steps import Context

        step = NormalizePunctuation()
        norm = lambda t: step.apply(t, Context("x")).text  # noqa: E731
    results = {}
    shown = 0
    for name, split in (("corpusprep", split_sentences), ("regex 。！？", regex_split)):
        tp = pred = gold = 0
        for i in range(0, len(sents), group):
            chunk = sents[i : i + group]
            para = "".join(chunk)
            if norm is not None:
                new = norm(para)
                if len(new) == len(para):
                    # the fold keeps length: the gold sentences are the same stretches
                    pos, parts = 0, []
                    for s in chunk:
                        parts.append(new[pos : pos + len(s)])
                        pos += len(s)
                    chunk, para = parts, new
            g = _boundaries(chunk)
            got = split(para)
            p = _boundaries(got)
            tp += len(g & p)
            pred += len(p)
            gold += len(g)
            if name == "corpusprep" and g != p and shown < show:
                shown += 1
                print("GOLD", " | ".join(chunk))
                print("GOT ", " | ".join(got))
                print()
        prec, rec = tp / pred, tp / gold
        results[name] = (prec, rec, 2 * prec * rec / (prec + rec), gold)
    for name, (p, r, f, g) in results.items():
        print(f"{name:14} P {p:.4f} R {r:.4f} F1 {f:.4f} ({g} gold boundaries)")


def t2s_scores(trad_path: str, simp_path: str) -> None:
    """Character and Han accuracy of the default normalization (script, then variants, then
    punctuation) against the Simplified treebank, with and without the variant fold.

    Sentences are paired by ``sent_id`` (by position where ids are missing); a pair whose
    lengths differ after conversion is counted as skipped, not scored."""
    from corpusprep.cleaners.chardata import HAN_RE
    from corpusprep.cleaners.punctuation import NormalizePunctuation
    from corpusprep.cleaners.script import FoldToSimplified
    from corpusprep.cleaners.variants import FoldVariants
    from corpusprep.steps import Context

    trad = read_sentences(trad_path)
    simp = dict(read_sentences(simp_path))
    script, variants, punct = FoldToSimplified("tw2s"), FoldVariants(), NormalizePunctuation()
    for name, steps in (("before (variants off)", (script, punct)), ("after (variants on)", (script, variants, punct))):
        chars = ok = han = han_ok = skipped = 0
        for sid, t in trad:
            ref = simp.get(sid)
            if ref is None:
                continue
            out = t
            for step in steps:
                out = step.apply(out, Context(sid)).text
            if len(out) != len(ref):
                skipped += 1
                continue
            for a, b in zip(out, ref):
                chars += 1
                ok += a == b
                if HAN_RE.match(b):
                    han += 1
                    han_ok += a == b
        print(f"{name:22} char {ok / chars:.4%} ({chars - ok} wrong of {chars}), "
              f"Han {han_ok / han:.4%} ({han - han_ok} wrong of {han}), {skipped} pairs skipped")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sentences")
    s.add_argument("path")
    s.add_argument("--group", type=int, default=10)
    s.add_argument("--normalize", action="store_true")
    s.add_argument("--fullwidth", action="store_true", help="ASCII PUNCT tokens to full width (UD 1.3 files)")
    s.add_argument("--show", type=int, default=0, help="print this many paragraphs with errors")
    t = sub.add_parser("t2s")
    t.add_argument("trad_path")
    t.add_argument("simp_path")
    args = ap.parse_args()
    if args.cmd == "sentences":
        sentence_scores(args.path, args.group, args.normalize, args.show, args.fullwidth)
    else:
        t2s_scores(args.trad_path, args.simp_path)


if __name__ == "__main__":
    main()
