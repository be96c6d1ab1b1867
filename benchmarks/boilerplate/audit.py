"""Audit the held-out errors of the boilerplate line model: how many are label noise?

    python audit.py draw  [--n 150] [--seed 5] [--threshold 0.86]   # print the sample with context
    python audit.py score                                            # noise shares from the verdicts
    python audit.py rescore --heldout OLD.parquet                    # old predictions, labels now

Reads ``heldout.parquet`` (written by ``train.py --evaluate``: every labelled line the rules left,
with its held-out-site probability of being boilerplate) and draws a seeded random sample of
the two kinds of error at the shipped threshold:

- **false removals**: label ``keep``, p >= threshold (content the model would remove);
- **misses**: label ``drop:*``, p < threshold (debris the model would keep).

Each kind is split evenly between ``article`` and ``page`` rows (``--n`` lines per kind), so
both strata get an estimate; the combined share weights each stratum by its number of errors.

``draw`` prints each sampled line with three held-out lines either side (label, p) and the
source line number in ``data/*.parquet`` (``n``, 1-based over ``text.split("\\n")``, found through
the offset map as ``train.prepare`` finds a line's label). The verdicts
are written by hand to ``hand/audit-false-removals.jsonl`` and ``hand/audit-misses.jsonl``, one
record per sampled line: ``doc_id, n, line_no, text, label, verdict, class[, should_be, note]``.
``verdict`` is ``model`` (the label is right under the conventions in DATA.md and the devset
README: a model error) or ``noise`` (the label is wrong); ``class`` names the kind of line.

``score`` prints the noise share per kind and stratum with a 95% Wilson interval, and the
classes of the noisy lines.
"""
from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
FILES = {"false_removal": HERE / "hand" / "audit-false-removals.jsonl",
         "miss": HERE / "hand" / "audit-misses.jsonl"}


def errors(held: list[dict], threshold: float) -> dict[tuple[str, str], list[dict]]:
    """The held-out errors by (error kind, document kind), in a stable order."""
    out: dict[tuple[str, str], list[dict]] = {}
    for r in held:
        if r["label"] == 0 and r["p"] >= threshold:
            err = "false_removal"
        elif r["label"] == 1 and r["p"] < threshold:
            err = "miss"
        else:
            continue
        out.setdefault((err, r["kind"]), []).append(r)
    for v in out.values():
        v.sort(key=lambda r: (r["doc_id"], r["line_no"]))
    return out


def source_line(row: dict, line_no: int, steps: list, step) -> int:  # type: ignore[no-untyped-def]
    """1-based line of the source document (``row["text"]``) that line ``line_no`` (0-based) of the
    step's view comes from, mapped through the offset map of the steps before the boilerplate step
    exactly as ``train.prepare`` maps labels (the step's view is Simplified, with full-width
    punctuation, so its text need not occur in the source); 0 when it maps to none."""
    import train

    cur, omap = train.text_at_boilerplate(steps, row["text"])
    rp = step.rule_pass(cur, model=True)
    src = train.source_lines(row["text"], rp.lines, rp.starts, omap)
    k = src[line_no] if 0 <= line_no < len(src) else -1
    return k + 1 if k >= 0 else 0


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, c - h), min(1.0, c + h)


def load_heldout() -> list[dict]:
    return pq.read_table(HERE / "heldout.parquet").to_pylist()


def draw(a) -> None:
    held = load_heldout()
    rows = {r["doc_id"]: r for p in sorted((HERE / "data").glob("*.parquet")) for r in pq.read_table(p).to_pylist()}
    errs = errors(held, a.threshold)
    import train

    steps, step = train.pre_steps(), train.RemoveBoilerplate(classify=False)
    rng = random.Random(a.seed)
    out: list[dict] = []
    for err in ("false_removal", "miss"):
        for kind in ("article", "page"):
            pop = errs.get((err, kind), [])
            take = rng.sample(pop, min(a.n // 2, len(pop)))
            print(f"##### {err} / {kind}: {len(take)} of {len(pop)}")
            for r in take:
                row = rows[r["doc_id"]]
                n = source_line(row, r["line_no"], steps, step)
                lab = row["labels"][n - 1] if n else "?"
                print(f"=== {err[0]}{kind[0]}{len(out)} {r['doc_id']} n={n} line_no={r['line_no']} [{r['site']}] {lab} p={r['p']:.2f}")
                src = row["text"].split("\n")
                for j in range(max(0, n - 1 - a.context), min(len(src), n + a.context)) if n else ():
                    if not src[j].strip():
                        continue
                    mark = ">>" if j == n - 1 else "  "
                    print(f"{mark} {row['labels'][j][:12]:12} | {src[j][:160]}")
                out.append({"err": err, "kind": kind, "doc_id": r["doc_id"], "site": r["site"], "n": n,
                            "line_no": r["line_no"], "text": r["text"], "src": src[n - 1] if n else "",
                            "label": lab, "p": round(r["p"], 3), "verdict": "", "class": ""})
    if a.write:
        a.write.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in out), encoding="utf-8")


def score(a) -> None:
    held = load_heldout()
    errs = errors(held, a.threshold)
    for err, path in FILES.items():
        if not path.exists():
            print(f"{err:14} no verdicts ({path.name} missing)")
            continue
        recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        tot_w = tot = 0.0
        for kind in ("article", "page"):
            sub = [r for r in recs if r["kind"] == kind]
            k = sum(r["verdict"] == "noise" for r in sub)
            lo, hi = wilson(k, len(sub))
            pop = len(errs.get((err, kind), []))
            print(f"{err:14} {kind:8} noise {k}/{len(sub)} = {k / max(len(sub), 1):.1%} "
                  f"(95% CI {lo:.1%}-{hi:.1%}) of {pop} errors")
            tot_w += pop * k / max(len(sub), 1)
            tot += pop
            cls = Counter(r["class"] for r in sub if r["verdict"] == "noise")
            print("    noise classes:", dict(cls.most_common()))
            cls = Counter(r["class"] for r in sub if r["verdict"] == "model")
            print("    model-error classes:", dict(cls.most_common()))
        k = sum(r["verdict"] == "noise" for r in recs)
        lo, hi = wilson(k, len(recs))
        print(f"{err:14} both     noise {k}/{len(recs)}; weighted by stratum size {tot_w / max(tot, 1):.1%}; "
              f"unweighted 95% CI {lo:.1%}-{hi:.1%}")


def rescore(a) -> None:
    """One pass of rules + model at the threshold, from the probabilities of a held-out file
    (``--heldout``, e.g. a copy kept from an earlier evaluation), scored against the labels now
    in ``data/`` as ``train.py`` reads them: the same predictions on two label sets."""
    import numpy as np

    import train

    held = pq.read_table(a.heldout).to_pylist()
    p_of = {(r["doc_id"], r["line_no"]): r["p"] for r in held}
    rows = train.load_rows(sorted(train.DATA.glob("*.parquet")))
    steps, step = train.pre_steps(), train.RemoveBoilerplate(classify=False)
    pairs: dict[str, list] = {}
    for row in rows:
        d = train.prepare(row, steps, step)
        p = np.array([p_of.get((d.doc_id, i), 0.0) for i in range(d.table.n_lines)])
        pairs.setdefault(d.kind, []).append((d.y, d.rule_removed | (p >= a.threshold) & d.table.nonempty))
    for kind, v in sorted(pairs.items()):
        print(kind, json.dumps(train.scores(v)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=("draw", "score", "rescore"))
    ap.add_argument("--n", type=int, default=150, help="lines per error kind (half article, half page)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=0.86)
    ap.add_argument("--heldout", type=Path, default=HERE / "heldout.parquet", help="for rescore")
    ap.add_argument("--context", type=int, default=4, help="source lines either side")
    ap.add_argument("--write", type=Path, default=None, help="draw: also write the sample (verdicts empty) as JSONL")
    a = ap.parse_args(argv)
    {"draw": draw, "score": score, "rescore": rescore}[a.cmd](a)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
