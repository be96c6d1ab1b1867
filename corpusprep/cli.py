"""The ``corpusprep`` command.

::

    corpusprep clean INPUT... -o OUT [--unit paragraph] [--workers N] [--config FILE]
    corpusprep rules [--rules FILE...]
    corpusprep explain FILE
    corpusprep report DATASET_DIR [-o report.html]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from .dataset import RunSummary, process
from .errors import CorpusprepError
from .pipeline import Pipeline
from .schema import UNITS
from .version import __version__

__all__ = ["main"]


class _ProgressBar:
    """A one-line progress display on a terminal; silent when stderr is not a TTY."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.started = time.perf_counter()
        self.last = 0.0

    def __call__(self, shards: int, docs: int, nbytes: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.last < 0.2:
            return
        self.last = now
        rate = nbytes / 1e6 / max(now - self.started, 1e-9)
        self.stream.write(f"\r  shards {shards:>6}  documents {docs:>9}  {nbytes / 1e6:9.1f} MB  {rate:6.2f} MB/s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


def format_summary(s: RunSummary) -> str:
    """The end-of-run summary printed by ``corpusprep clean``."""
    lines = [
        f"corpusprep {__version__}  pipeline {s.fingerprint}  unit={s.unit}",
        f"inputs     {s.inputs:>10}  = documents {s.documents} + rejects {s.rejects}",
        f"units      {s.units:>10}  ({s.unit} rows in corpus/)",
        f"characters {s.chars_in:>10} in, {s.chars_out} out ({s.chars_in - s.chars_out} fewer)",
        f"removed    {s.removed:>10}  stretches; characters by category:",
    ]
    for cat, n in sorted(s.removed_chars_by_category.items(), key=lambda kv: -kv[1]):
        lines.append(f"    {cat:<16}{n:>10}")
    if s.rejects_by_kind:
        lines.append("rejects by kind:")
        for kind, n in s.rejects_by_kind.items():
            lines.append(f"    {kind:<16}{n:>10}")
    lines.append(
        f"time       {s.seconds:>10.2f} s  {s.mb_per_s:.2f} MB/s  "
        f"shards {s.shards} ({s.shards_skipped} already complete)"
    )
    lines.append(f"output     {s.out_dir}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="corpusprep", description="Clean scraped Chinese news into traceable corpora.")
    p.add_argument("--version", action="version", version=f"corpusprep {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("clean", help="clean files into a Parquet dataset")
    c.add_argument("inputs", nargs="+", help="files, directories or globs (.txt, .jsonl, .parquet; .gz/.zst)")
    c.add_argument("-o", "--out", required=True, help="output dataset directory")
    c.add_argument("--unit", choices=UNITS, default="paragraph", help="one corpus row per ... (default: paragraph)")
    c.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    c.add_argument("--config", help="TOML file of pipeline options")
    c.add_argument("--shard-docs", type=int, default=200, help="documents per shard (default: 200)")
    c.add_argument("--text-field", default="text", help="JSONL key holding the text")
    c.add_argument("--id-field", default="id", help="JSONL key holding the document id")
    c.add_argument("--text-column", default="text", help="Parquet column holding the text")
    c.add_argument("--id-column", default=None, help="Parquet column holding the document id")
    c.add_argument("--max-doc-bytes", type=int, default=64 * 1024 * 1024, help="reject larger documents")
    c.add_argument("--repeated-lines", type=int, default=None, metavar="N",
                   help="remove lines repeated in at least N documents of a site (a first pass over the inputs)")
    c.add_argument("--repeated-keep-one", action="store_true",
                   help="with --repeated-lines: the first document holding a repeated line keeps it")
    c.add_argument("--fail-on-reject", action="store_true", help="exit with status 3 if any input was rejected")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")

    r = sub.add_parser("rules", help="list the boilerplate rules")
    r.add_argument("--rules", nargs="*", help="rule files (TOML) instead of the built-in pack")

    rp = sub.add_parser("report", help="write the HTML review report of a dataset")
    rp.add_argument("dataset", metavar="DATASET_DIR", help="a dataset directory written by `corpusprep clean`")
    rp.add_argument("-o", "--out", default=None, help="HTML file to write (default: DATASET_DIR/report.html)")
    rp.add_argument("--sample", type=int, default=50, metavar="N",
                    help="documents shown in full, chosen deterministically (default: 50)")

    e = sub.add_parser("explain", help="show a document's removals and their reasons")
    e.add_argument("file", help="a text file")
    e.add_argument("--config", help="TOML file of pipeline options")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 2 usage or config error, 3 rejects with --fail-on-reject)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "clean":
            return _clean(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "report":
            return _report(args)
        return _explain(args)
    except CorpusprepError as exc:
        print(f"corpusprep: error: {exc}", file=sys.stderr)
        return 2


def _pipeline(config: str | None) -> Pipeline:
    return Pipeline.from_config_file(config) if config else Pipeline.default()


def _clean(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args.config)
    bar = _ProgressBar(sys.stderr, not args.quiet)
    try:
        summary = process(
            args.inputs, args.out, pipeline=pipeline, workers=args.workers, unit=args.unit,
            shard_docs=args.shard_docs, progress=bar, text_field=args.text_field,
            id_field=args.id_field, text_column=args.text_column, id_column=args.id_column,
            max_doc_bytes=args.max_doc_bytes, repeated_lines=args.repeated_lines,
            repeated_keep_one=args.repeated_keep_one,
        )
    finally:
        bar.close()
    if not args.quiet:
        print(format_summary(summary))
    if args.fail_on_reject and summary.rejects:
        print(f"corpusprep: {summary.rejects} input(s) rejected (see rejects.parquet)", file=sys.stderr)
        return 3
    return 0


def _rules(args: argparse.Namespace) -> int:
    from .cleaners.boilerplate import load_rules

    from .explain import format_rules

    rules = load_rules(args.rules) if args.rules else load_rules()
    print(format_rules(rules))
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import build_report

    path = build_report(args.dataset, args.out, sample_docs=args.sample)
    print(f"report written to {path}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain
    from .io.readers import Reject, read_inputs

    pipeline = _pipeline(args.config)
    status = 0
    for item in read_inputs([args.file]):
        if isinstance(item, Reject):
            print(f"corpusprep: rejected {item.location}: {item.reason}", file=sys.stderr)
            status = 1
            continue
        print(explain(pipeline.clean_source(item)))
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
