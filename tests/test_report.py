"""The HTML review report: counts agree with the tables, removals are highlighted, data is
escaped, and the page renders in a real browser without script errors."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corpusprep.dataset import process
from corpusprep.errors import InputError
from corpusprep.report import build_report

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SCRIPT_LINE = "<script>alert(1)</script>"
CAPTCHA = "請輸入驗證碼"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus three small extra inputs (text with a script tag, JSONL, Parquet)."""
    root = tmp_path_factory.mktemp("report")
    inputs = root / "inputs"
    shutil.copytree(SEEDS, inputs)
    (inputs / "zz_script.txt").write_text(
        f"國際新聞標題\n{SCRIPT_LINE}\n{CAPTCHA}\n市場報道,今年增長4.7%。記者王某報道。\n", encoding="utf-8")
    records = [{"id": "j1", "text": f"青島新聞\n{CAPTCHA}\n今天下雨。明天呢？"},
               {"text": "第二篇。只有正文，沒有廣告。"}]
    (inputs / "zz_lines.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    pq.write_table(pa.table({"text": ["第一行。", f"標題\n{CAPTCHA}\n正文在此。"]}), inputs / "zz_rows.parquet")
    out = root / "out"
    process([inputs], out, workers=1)
    return out


@pytest.fixture(scope="module")
def report(dataset: Path) -> str:
    return build_report(dataset, dataset.parent / "report.html").read_text("utf-8")


def _value(page: str, ident: str) -> int:
    m = re.search(rf'id="{ident}" data-value="(\d+)"', page)
    assert m, f"no number with id {ident!r} in the report"
    return int(m.group(1))


def test_overview_counts_equal_the_tables(dataset: Path, report: str) -> None:
    """Every headline number is what the Parquet tables say."""
    docs = pl.read_parquet(dataset / "documents.parquet")
    removed = pl.read_parquet(dataset / "removed.parquet")
    rejects = pl.read_parquet(dataset / "rejects.parquet")
    assert _value(report, "n-documents") == docs.height
    assert _value(report, "n-documents-out") == docs.filter(pl.col("status") == "ok").height
    assert _value(report, "n-rejects") == rejects.height
    assert _value(report, "n-inputs") == docs.height + rejects.height
    assert _value(report, "chars-in") == docs["chars_in"].sum()
    assert _value(report, "chars-out") == docs["chars_out"].sum()
    assert _value(report, "n-removed") == removed.height
    assert _value(report, "chars-removed") == (removed["src_end"] - removed["src_start"]).sum()
    per_rule = removed.group_by("rule").agg(pl.len().alias("n"), (pl.col("src_end") - pl.col("src_start")).sum())
    assert per_rule.height > 0
    for rule, n, chars in per_rule.iter_rows():
        assert f'data-count="{n}" data-chars="{chars}">{html.escape(rule)}</span>' in report, rule


def test_every_removal_is_highlighted_with_its_category(dataset: Path, report: str) -> None:
    """All documents are sampled here, so every audit row appears as a <mark> of its category."""
    removed = pl.read_parquet(dataset / "removed.parquet")
    assert removed.filter(pl.col("text").str.contains(CAPTCHA)).height >= 3
    checked = 0
    for r in removed.iter_rows(named=True):
        first = r["text"].split("\n")[0]
        if not first:
            continue
        slug = re.sub(r"[^a-z0-9_-]", "-", r["category"].lower())
        pattern = (rf'<mark class="rm cat-{re.escape(slug)}" data-rule="{re.escape(html.escape(r["rule"]))}" '
                   rf'title="[^"]*">{re.escape(html.escape(first))}')
        assert re.search(pattern, report), (r["rule"], r["text"])
        checked += 1
    assert checked == removed.filter(pl.col("text").str.split("\n").list.first() != "").height
    # the known one: the captcha prompt of the extra text file, by its rule, in its colour
    assert re.search(rf'<mark class="rm cat-verification" data-rule="verification\.[a-z_]+" '
                     rf'title="verification\.[a-z_]+ \(verification\)[^"]*">{CAPTCHA}', report)


def test_sources_of_all_formats_are_found(dataset: Path, report: str) -> None:
    """Text files, JSONL lines and Parquet rows are re-read; every sampled document shows its source."""
    docs = pl.read_parquet(dataset / "documents.parquet")
    assert docs.filter(pl.col("source_uri").str.contains(r"zz_lines\.jsonl:\d+$")).height == 2
    assert docs.filter(pl.col("source_uri").str.contains(r"zz_rows\.parquet#row\d+$")).height == 2
    assert report.count('<article class="doc"') == docs.height
    assert report.count('<div class="src"') == docs.height
    assert "not found" not in report
    assert 'class="note"' not in report  # same code and config: re-cleaning agrees with the run
    # folded characters and boundary markers are there
    assert '<i class="fs" title="國→国">國</i>' in report
    assert 'class="bd bp"' in report


def test_script_from_the_data_is_escaped(report: str) -> None:
    """A scraped <script> line is shown as text, never as markup."""
    assert html.escape(SCRIPT_LINE) in report
    assert SCRIPT_LINE not in report
    assert "<script>alert" not in report.lower()
    # the only script elements are the report's own two
    assert len(re.findall(r"<script\b", report, flags=re.IGNORECASE)) == 2
    assert "Content-Security-Policy" in report and "default-src 'none'" in report


def test_sample_is_bounded_and_deterministic(dataset: Path, tmp_path: Path) -> None:
    """At most sample_docs documents are shown, and the same input gives the same page."""
    a = build_report(dataset, tmp_path / "a.html", sample_docs=2).read_text("utf-8")
    b = build_report(dataset, tmp_path / "b.html", sample_docs=2).read_text("utf-8")
    assert a == b
    assert a.count('<article class="doc"') == 2
    # the overview still covers everything
    assert _value(a, "n-documents") == pl.read_parquet(dataset / "documents.parquet").height
    none = build_report(dataset, tmp_path / "c.html", sample_docs=0).read_text("utf-8")
    assert '<article class="doc"' not in none


def test_missing_or_changed_source_is_skipped_with_a_note(tmp_path: Path) -> None:
    """A source that is gone, or whose bytes changed since the run, is not highlighted (its
    offsets may not match): the page says why and lists the audit rows instead."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "gone.txt").write_text(f"標題\n{CAPTCHA}\n正文。", encoding="utf-8")
    (inputs / "changed.txt").write_text(f"標題\n{CAPTCHA}\n正文。", encoding="utf-8")
    process([inputs], tmp_path / "out", workers=1)
    (inputs / "gone.txt").unlink()
    (inputs / "changed.txt").write_text(f"新標題\n{CAPTCHA}\n正文。", encoding="utf-8")
    page = build_report(tmp_path / "out", tmp_path / "r.html").read_text("utf-8")
    assert page.count('<article class="doc"') == 2
    assert '<div class="src"' not in page
    assert "gone.txt&#x27; not found" in page
    assert "the source changed since the run (SHA-256 differs)" in page
    assert page.count(f'<mark class="rm cat-verification">{CAPTCHA}') == 2


def test_disagreement_with_the_recorded_run_is_noted(tmp_path: Path) -> None:
    """If re-cleaning a source now gives other removals than removed.parquet records, the
    page says so (and still highlights what the run recorded)."""
    (tmp_path / "a.txt").write_text(f"標題\n{CAPTCHA}\n正文。", encoding="utf-8")
    process([tmp_path / "a.txt"], tmp_path / "out", workers=1)
    removed = pq.read_table(tmp_path / "out" / "removed.parquet")
    assert removed.num_rows >= 1
    pq.write_table(removed.slice(0, 0), tmp_path / "out" / "removed.parquet")
    page = build_report(tmp_path / "out", tmp_path / "r.html").read_text("utf-8")
    assert f"re-cleaning the source now gives different removals ({removed.num_rows} now, 0 recorded)" in page
    assert '<mark class="rm' not in page.split('id="documents"')[1].split("</p>", 1)[1]


def test_dataset_of_rejects_only(tmp_path: Path) -> None:
    """A run where nothing could be read still gives a page, listing the rejects escaped."""
    empty = tmp_path / "<b>empty.txt"  # a file name is data too
    empty.write_text("", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"text": 5}\nnot json\n', encoding="utf-8")
    summary = process([empty, tmp_path / "bad.jsonl"], tmp_path / "out", workers=1)
    page = build_report(tmp_path / "out", tmp_path / "r.html").read_text("utf-8")
    assert (_value(page, "n-documents"), _value(page, "n-rejects")) == (0, summary.rejects) == (0, 3)
    rejects = pl.read_parquet(tmp_path / "out" / "rejects.parquet")
    for r in rejects.iter_rows(named=True):
        assert f"<td>{html.escape(r['location'])}</td><td>{html.escape(r['kind'])}</td>" in page
        assert html.escape(r["reason"]) in page
    assert "<b>empty" not in page and "&lt;b&gt;empty.txt" in page


@pytest.mark.parametrize("unit", ["document", "sentence"])
def test_other_units_show_boundaries(tmp_path: Path, unit: str) -> None:
    """Whatever the run's unit, paragraph and sentence starts are marked."""
    (tmp_path / "a.txt").write_text(f"國際新聞\n{CAPTCHA}\n今天下雨。明天呢？\n第二段。很好。\n", encoding="utf-8")
    process([tmp_path / "a.txt"], tmp_path / "out", workers=1, unit=unit)
    page = build_report(tmp_path / "out", tmp_path / "r.html").read_text("utf-8")
    assert page.count('class="bd bp"') == 3
    assert page.count('class="bd bs"') == 2  # 明天呢？ and 很好。 (the others start paragraphs)
    assert 'class="note"' not in page


def test_missing_manifest_or_table_raises_input_error(dataset: Path, tmp_path: Path) -> None:
    """A directory that is not a (complete) dataset gives an InputError naming it."""
    with pytest.raises(InputError, match="manifest.json") as info:
        build_report(tmp_path, tmp_path / "r.html")
    assert str(tmp_path) in str(info.value)
    broken = tmp_path / "broken"
    broken.mkdir()
    shutil.copy(dataset / "manifest.json", broken)
    shutil.copy(dataset / "documents.parquet", broken)
    with pytest.raises(InputError, match="removed.parquet"):
        build_report(broken, tmp_path / "r.html")


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _run_chromium(exe: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}"]
    return subprocess.run([exe, *flags, *args], capture_output=True, text=True, timeout=90, check=False)


def test_renders_in_headless_chromium(dataset: Path, tmp_path: Path) -> None:
    """The page runs its script without errors in Chromium, and a screenshot is taken."""
    exe = _chromium()
    if exe is None:
        pytest.skip("chromium is not installed (apt-get update && apt-get install -y chromium)")
    page = build_report(dataset, tmp_path / "report.html")
    dom = _run_chromium(exe, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'data-report-status="ready"' in dom.stdout
    assert not re.search(r"<body[^>]*data-js-errors", dom.stdout)
    assert 'id="report-js-error"' not in dom.stdout
    assert 'id="n-documents"' in dom.stdout

    shot = tmp_path / "report.png"
    res = _run_chromium(exe, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000",
                        "--hide-scrollbars", page.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a blank page compresses to a few kB

    # the detector itself works: a page whose script throws shows the error element
    bad = tmp_path / "bad.html"
    text = page.read_text("utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    bad.write_text(text.replace("document.body.setAttribute('data-report-status','ready');", "noSuchFunction();"),
                   encoding="utf-8")
    dom = _run_chromium(exe, tmp_path / "profile", "--dump-dom", bad.as_uri())
    assert 'id="report-js-error"' in dom.stdout and "noSuchFunction" in dom.stdout
    assert 'data-report-status="ready"' not in dom.stdout
    assert re.search(r"<body[^>]*data-js-errors", dom.stdout)
