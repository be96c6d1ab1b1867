"""Build benchmarks/boilerplate/data-pending/lazy13source.parquet (kind=article).

Usage: python build_lazy13source.py MIRROR_GIT_DIR [--commit SHA] [--dump FILE] [--out-dir DIR]
       python build_lazy13source.py MIRROR_GIT_DIR --write-hand   (hand/lazy13source.jsonl from the spec)

Writes data-pending/lazy13source.parquet by default: labelled, but not yet among the files
train.py reads (data/*.parquet), since the shipped model must be trained on exactly those
(DATA.md, "Labelled, not yet trained on").

Source: cysk003/Lazy13source.github.io (a fork of the "懒人找资源" docsify site). Its
`gzh/backup/<account>/<title>.md` files are WeChat official-account posts saved automatically
("小懒自动备份") as Markdown: the post body (#js_content) after an HTML-to-Markdown conversion,
with everything the post carried in it: image links, picture captions, credits, follow and
share prompts, 往期/推荐阅读 lists, ads, disclaimers, end markers; plus two lines the archive
adds (line 3 a `[**返回列表页**](/gzh/<account>)` link, line 5 the archiver's stamp). The files
carry no URL; site = the account (the publisher of a WeChat post, as in wechatscope).
License: not stated (no LICENSE file in the repository; the stamp says "仅供查阅学习").

Selection (reproduced by `select()` and checked against the hand labels): the 12 accounts of the
archive that are not already in the data (三联生活周刊 and 槽边往事 are; 记忆承载 and 记忆承载3 may be
one publisher's main and backup accounts); of each account's files at COMMIT (sorted paths), those
with 20-80 non-blank lines and at least 4 short (< 80 characters) lines after the 3-line header
that carry a debris cue (CUE), i.e. files likely to hold debris; 3 per account drawn with
random.Random(SEED).sample in account order: 36 documents.

Labels: text patterns (articles_common.PAT) first, then hand/lazy13source.jsonl, which gives a label
for EVERY non-blank line of the 36 files (all read by hand; label_origin `hand`).
hand/lazy13source.spec.txt is the compact form those JSONL lines are written from
(`<Dnn> <path>: <lines>=<label>(<note>) | ...`, lines not listed are keep); `--write-hand`
regenerates the JSONL from the spec and the mirror.
doc_id is `lazy13source/<account>/<title>` (the path under gzh/backup/ without `.md`).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import articles_common as ac  # noqa: E402
import build_chinesewebtext as cwt  # noqa: E402  (hand labels and writing: as the other hand-labelled sets)

SOURCE = "lazy13source"
REPO = "cysk003/Lazy13source.github.io"
COMMIT = "466f0a492b2e6dfea57f3ba86aca0eb5d471d750"
LICENSE = ("not stated (no LICENSE file; every archived file carries the archiver's stamp "
           "'小懒自动备份，仅供查阅学习': auto-backup, for reference and study only)")
PREFIX = "gzh/backup/"
ACCOUNTS = ["记忆承载", "记忆承载3", "政事堂2019", "费曼的小茶馆", "L先生说", "刘润", "达叔天演论", "看理想",
            "九边", "KnowYourself", "懒人手册", "懒人搜索"]
SEED = 20261207
PER_ACCOUNT = 3
CUE = re.compile(r"往期|关注|转载|END|在看|点赞|来源|图源|图片|编辑|排版|作者|二维码|扫码|版权|声明|推荐|阅读原文|长按|点击|"
                 r"责编|撰文|文 ?[|｜/]|图 ?[|｜/]|摄影|出品|策划|监制|参考|广告|课程|购买|下单|合作")
HAND = os.path.join(HERE, "hand", f"{SOURCE}.jsonl")
SPEC = os.path.join(HERE, "hand", f"{SOURCE}.spec.txt")


def doc_id_of(path: str) -> str:
    assert path.startswith(PREFIX) and path.endswith(".md"), path
    return f"{SOURCE}/{path[len(PREFIX):-3]}"


def path_of(doc_id: str) -> str:
    return PREFIX + doc_id[len(SOURCE) + 1:] + ".md"


def select(git_dir: str, commit: str) -> list[str]:
    """The seeded selection described in the module docstring: [path] in account order."""
    files = ac.git_ls(git_dir, commit)
    rng = random.Random(SEED)
    picked = []
    for acc in ACCOUNTS:
        cands = []
        for p in files:
            if not (p.startswith(f"{PREFIX}{acc}/") and p.endswith(".md")):
                continue
            nb = [ln for ln in ac.git_show(git_dir, commit, p).split("\n") if ln.strip()]
            if not 20 <= len(nb) <= 80:
                continue
            if sum(1 for ln in nb[3:] if CUE.search(ln) and len(ln.strip()) < 80) >= 4:
                cands.append(p)
        picked += rng.sample(cands, min(PER_ACCOUNT, len(cands)))
    return picked


def parse_spec(spec: str = SPEC) -> list[tuple[str, list[tuple[int, int, str, str]]]]:
    """[(path, [(first, last, label, note)])] in spec order."""
    out = []
    with open(spec, encoding="utf-8") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            if not raw.strip() or raw.startswith("#"):
                continue
            m = re.match(r"^D\d+ (\S.*?\.md): (.*)$", raw)
            assert m, raw
            items = []
            for part in m.group(2).split(" | "):
                mm = re.fullmatch(r"(\d+)(?:-(\d+))?=(keep|drop:[a-z_]+)\((.*)\)", part.strip())
                assert mm, part
                a = int(mm.group(1))
                items.append((a, int(mm.group(2) or a), mm.group(3), mm.group(4)))
            out.append((m.group(1), items))
    return out


def write_hand(git_dir: str, commit: str) -> int:
    """hand/lazy13source.jsonl from the spec: one record per non-blank line (unlisted lines keep)."""
    n = 0
    with open(HAND, "w", encoding="utf-8") as out:
        for path, items in parse_spec():
            for rec in cwt.hand_records(doc_id_of(path), ac.git_show(git_dir, commit, path).split("\n"), items):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def record_row(path: str, text: str, commit: str) -> dict:
    """The data row of one file, every non-blank line labelled by the text patterns (hand labels come after)."""
    return cwt.record_row(doc_id_of(path), SOURCE, text, None, path[len(PREFIX):].split("/")[0], path, commit,
                          repo=REPO, license=LICENSE)


def wanted_paths() -> list[str]:
    """[path] in first-seen order, from the hand JSONL doc_ids."""
    return [path_of(d) for d in cwt.hand_doc_ids(HAND)]


def build(git_dir, commit):
    wanted = wanted_paths()
    assert wanted == select(git_dir, commit), "hand labels do not cover exactly the seeded selection"
    rows = [record_row(p, ac.git_show(git_dir, commit, p), commit) for p in sorted(wanted)]
    return cwt.fully_hand_labelled(rows, HAND)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mirror")
    ap.add_argument("--commit", default=COMMIT)
    cwt.output_args(ap, "data-pending")
    ap.add_argument("--write-hand", action="store_true", help="write hand/lazy13source.jsonl from the spec, then stop")
    a = ap.parse_args()
    if a.write_hand:
        print(f"{write_hand(a.mirror, a.commit)} hand labels written to {HAND}")
        return
    cwt.write_built(build(a.mirror, a.commit), SOURCE, a)


if __name__ == "__main__":
    main()
