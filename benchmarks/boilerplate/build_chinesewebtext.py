"""Build benchmarks/boilerplate/data/chinesewebtext.parquet (kind=article).

Usage: python build_chinesewebtext.py MIRROR_GIT_DIR [--commit SHA] [--dump FILE]

Source: CASIA-LM/ChineseWebText, `2021-43/cleared1.jsonl` (100 Common Crawl extractions; each
record's `raw_content` is already text, one extracted block per line). The devset uses 20 of
these records (/work/shared/devset/labels.jsonl, `path` 2021-43/cleared1.jsonl#L<k>); they are
listed in DEVSET_LINES and never read into this set.

Selection: of the other 80 records, the 40 article-like ones (company / school / hospital news
and articles, a sports tip, a column, a blog story, spam-injected reposts) were picked by hand:
the records named in hand/chinesewebtext.jsonl. Pure product lists, form pages and keyword
collages were left out.

Labels: text patterns (articles_common.PAT) first, then hand/chinesewebtext.jsonl, which gives a
label for EVERY non-blank line of the 40 records (all were read by hand; label_origin `hand`).
hand/chinesewebtext.spec.txt is the compact form those JSONL lines were written from.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import articles_common as ac  # noqa: E402

SOURCE = "chinesewebtext"
REPO = "CASIA-LM/ChineseWebText"
COMMIT = "aa459c4c8d61e82401ceef960b29b6b9482f638f"
PATH = "2021-43/cleared1.jsonl"
LICENSE = "not stated"
DEVSET_LINES = {1, 18, 22, 24, 35, 36, 42, 53, 64, 66, 76, 80, 82, 83, 84, 85, 88, 90, 93, 95}
HAND = os.path.join(HERE, "hand", f"{SOURCE}.jsonl")


def build(git_dir, commit):
    wanted = []
    with open(HAND, encoding="utf-8") as f:
        for raw in f:
            if raw.strip():
                k = int(json.loads(raw)["doc_id"].split("/L")[1])
                if k not in wanted:
                    wanted.append(k)
    assert not set(wanted) & DEVSET_LINES, "devset record selected"
    data = ac.git_show(git_dir, commit, PATH).split("\n")
    rows = []
    for k in sorted(wanted):
        rec = json.loads(data[k - 1])
        rows.append(record_row(f"{SOURCE}/L{k}", SOURCE, rec["raw_content"], rec.get("url"),
                               rec.get("source_domain"), f"{PATH}#L{k}", commit))
    return (rows, *with_hand(rows, HAND))


def pattern_labels(text: str) -> tuple[list[str], list[str]]:
    """The text patterns' label and origin of each line of ``text`` ("" for a blank line)."""
    labs, orgs = [], []
    state: dict = {}
    for line in text.split("\n"):
        if not line.strip():
            labs.append("")
            orgs.append("")
            continue
        lab, org, _ = ac.label_line(ac.Line(text=line.strip(), text_chars=len(line.strip())), state)
        labs.append(lab)
        orgs.append(org)
    return labs, orgs


def record_row(doc_id: str, source: str, text: str, url: str | None, domain: str | None, path: str,
               commit: str, *, repo: str = REPO, license: str = LICENSE, kind: str = "article") -> dict:
    """The data row of one record whose text holds one extracted block per line, every
    non-blank line labelled by the text patterns (hand labels come after); ``domain`` is the
    site, else the URL's host."""
    labs, orgs = pattern_labels(text)
    site = domain or re.sub(r"^https?://", "", url or "").split("/")[0]
    return {
        "doc_id": doc_id, "source": source, "site": site, "kind": kind,
        "script": ac.script_of(text), "url": url, "repo": repo, "commit": commit,
        "path": path, "license": license, "text": text, "labels": labs, "label_origin": orgs,
    }


def with_hand(rows: list[dict], hand: str) -> tuple[int, int]:
    """Apply the hand labels of ``hand`` to ``rows``: (labels applied, pattern labels they changed)."""
    before = {r["doc_id"]: list(r["labels"]) for r in rows}
    n_hand = ac.apply_hand(rows, hand)
    return n_hand, sum(a != b for r in rows for a, b in zip(before[r["doc_id"]], r["labels"]))


def assert_hand_labelled(rows: list[dict]) -> None:
    """Every non-blank line of ``rows`` carries a hand label (and no blank one does)."""
    for r in rows:
        for line, org in zip(r["text"].split("\n"), r["label_origin"]):
            assert (org == "hand") == bool(line.strip()), (r["doc_id"], line)


def fully_hand_labelled(rows: list[dict], hand: str) -> tuple[list[dict], int, int]:
    """:func:`with_hand`, for a source labelled by hand line by line (then checked by
    :func:`assert_hand_labelled`): ``(rows, labels applied, pattern labels they changed)``."""
    n_hand, changed = with_hand(rows, hand)
    assert_hand_labelled(rows)
    return rows, n_hand, changed


def hand_doc_ids(hand: str) -> list[str]:
    """The doc_ids of the hand-label file ``hand`` (JSONL), in first-seen order."""
    ids: list[str] = []
    with open(hand, encoding="utf-8") as f:
        for raw in f:
            if raw.strip():
                doc_id = json.loads(raw)["doc_id"]
                if doc_id not in ids:
                    ids.append(doc_id)
    return ids


def hand_records(doc_id: str, lines: list[str], items: list[tuple[int, int, str, str]]) -> list[dict]:
    """The hand-label records of one document from its spec ``items`` (first line, last line,
    label, note; 1-based, blank lines inside a range skipped): one per non-blank line,
    unlisted lines ``keep``, each with the line's first 12 characters to check against."""
    lab: dict[int, tuple[str, str]] = {}
    for a, b, label, note in items:
        assert 1 <= a <= b <= len(lines), (doc_id, a, b)
        assert lines[a - 1].strip() and lines[b - 1].strip(), (doc_id, a, b)
        for i in range(a, b + 1):
            if lines[i - 1].strip():
                assert i not in lab, (doc_id, i)
                lab[i] = (label, note)
    out = []
    for i, line in enumerate(lines, 1):
        if line.strip():
            label, note = lab.get(i, ("keep", ""))
            rec = {"doc_id": doc_id, "n": i, "label": label, "text_prefix": line[:12]}
            if note:
                rec["note"] = note
            out.append(rec)
    return out


def write(rows: list[dict], out: str, n_hand: int, changed: int, dump: str | None = None) -> None:
    """Write ``rows`` to the Parquet file ``out`` (and ``dump``), and print their totals."""
    if dump:
        ac.dump_rows(rows, dump)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    ac.write_parquet(rows, out)
    c = collections.Counter(l for r in rows for l in r["labels"] if l)
    print(f"{len(rows)} docs, {len(set(r['site'] for r in rows))} sites, hand={n_hand} "
          f"(hand changed {changed} pattern labels)", c.most_common())


def output_args(ap: argparse.ArgumentParser, out_dir: str) -> None:
    """A builder's ``--dump`` and ``--out-dir`` (default ``out_dir``) options."""
    ap.add_argument("--dump")
    ap.add_argument("--out-dir", default=out_dir,
                    help="folder under benchmarks/boilerplate/ (data-pending: labelled, not yet trained on)")


def write_built(built: tuple[list[dict], int, int], source: str, args: argparse.Namespace) -> None:
    """:func:`write` a builder's ``(rows, n_hand, changed)`` to ``args.out_dir/source.parquet``."""
    rows, n_hand, changed = built
    write(rows, os.path.join(HERE, args.out_dir, f"{source}.parquet"), n_hand, changed, args.dump)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mirror")
    ap.add_argument("--commit", default=COMMIT)
    ap.add_argument("--dump")
    a = ap.parse_args()
    rows, n_hand, changed = build(a.mirror, a.commit)
    write(rows, os.path.join(HERE, "data", f"{SOURCE}.parquet"), n_hand, changed, a.dump)


if __name__ == "__main__":
    main()
