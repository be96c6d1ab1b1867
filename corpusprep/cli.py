"""The ``corpusprep`` command.

::

    corpusprep clean INPUT... -o OUT [--unit paragraph] [--workers N] [--config FILE]
    corpusprep rules [--rules FILE...]
    corpusprep explain FILE
    corpusprep report DATASET_DIR [-o report.html]

Exit status: 0 done; 1 ``clean`` read no document (the dataset holds only rejects),
``explain`` could show only some of its inputs; 2 usage, configuration, input or output
error, with one line saying what and where (an output that cannot be written is found
before any work and nothing is left behind); 3 ``clean --fail-on-reject`` rejected an input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .corpus import REPEATED_LINES
from .errors import CorpusprepError, RuleError
from .io.pages import DEFAULT_EXTRACT, EXTRACTORS
from .io.readers import Reject
from .parallel import START_METHODS
from .schema import UNITS
from .version import __version__

if TYPE_CHECKING:
    from .dataset import RunSummary
    from .pipeline import Pipeline

# The pipeline and the dataset writer are imported where a command runs, not here: each
# pool worker and the corpus pass's process import this script again (``spawn`` re-runs
# the main module), and the corpus pass needs none of the cleaners.

__all__ = ["main"]

EXIT_OK = 0
EXIT_NOTHING_READ = 1  # clean: no document could be read; the dataset holds only rejects
EXIT_SOME_REJECTED = 1  # explain: some, not all, of its inputs were rejected
EXIT_ERROR = 2  # usage, config, input or output error: one line on stderr
EXIT_REJECTS = 3  # clean --fail-on-reject: some input was rejected

_CLEAN_EPILOG = """\
exit status:
  0  done (some inputs may be rejects: see rejects.parquet and --fail-on-reject)
  1  no input could be read: 0 documents; the dataset holds the rejects
  2  usage, config or output error (an output that cannot be created is
     found before any work, and nothing is written)
  3  --fail-on-reject and some, not all, inputs were rejected
"""
_SHOWN_REJECTS = 3  # rejects named on a "no input could be read" line


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
    """The end-of-run summary printed by ``corpusprep clean``.

    Its ``inputs`` line counts WARC records skipped as not being pages apart from the
    rejects that are failures (:func:`failed_rejects`); ``rejects by kind`` lists both.
    """
    failed = failed_rejects(s)
    inputs = f"inputs     {s.inputs:>10}  = documents {s.documents} + rejects {failed}"
    if s.rejects > failed:  # not failures: WARC records that are not pages (every WARC's warcinfo)
        inputs += f" + skipped {s.rejects - failed} (WARC records that are not HTML pages)"
    lines = [
        f"corpusprep {__version__}  pipeline {s.fingerprint}  unit={s.unit}",
        inputs,
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

    c = sub.add_parser("clean", help="clean files into a Parquet dataset", epilog=_CLEAN_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("inputs", nargs="+", help="files, directories or globs (.txt, .md, .html, .warc, .jsonl, .parquet; .gz/.zst)")
    c.add_argument("-o", "--out", required=True, help="output dataset directory")
    c.add_argument("--unit", choices=UNITS, default="paragraph", help="one corpus row per ... (default: paragraph)")
    c.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    c.add_argument("--start-method", choices=START_METHODS, default=None,
                   help="how worker processes start: fork where safe, else spawn (default: auto, or the "
                        "CORPUSPREP_START_METHOD environment variable)")
    c.add_argument("--config", help="TOML file of pipeline options")
    c.add_argument("--shard-docs", type=int, default=200, help="documents per shard (default: 200)")
    c.add_argument("--text-field", default="text", help="JSONL key holding the text")
    c.add_argument("--id-field", default="id", help="JSONL key holding the document id")
    c.add_argument("--text-column", default="text", help="Parquet column holding the text")
    c.add_argument("--id-column", default=None, help="Parquet column holding the document id")
    c.add_argument("--html-field", default=None, metavar="NAME",
                   help="JSONL key or Parquet column holding a whole HTML page, read as a page (docs/html.md)")
    c.add_argument("--extract", choices=EXTRACTORS, default=DEFAULT_EXTRACT,
                   help="what a web page becomes: 'none', the whole page cleaned by its DOM, the rules and the "
                        "line model; 'trafilatura', its main content by trafilatura (the 'extract' extra) "
                        f"(default: {DEFAULT_EXTRACT})")
    c.add_argument("--max-doc-bytes", type=int, default=64 * 1024 * 1024, help="reject larger documents")
    c.add_argument("--repeated-lines", type=int, default=REPEATED_LINES, metavar="N",
                   help="remove lines repeated in at least N documents of a site, a first pass over the inputs "
                        f"(default: {REPEATED_LINES}; 0 turns it off)")
    c.add_argument("--repeated-keep-one", action="store_true",
                   help="the first document holding a repeated line keeps it")
    c.add_argument("--fail-on-reject", action="store_true",
                   help="exit with status 3 if any input was rejected (1 if none could be read); "
                        "WARC records skipped as not HTML pages do not count")
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
    """Entry point; returns the exit status (see the module docstring and ``clean --help``)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "clean":
            from .allocator import keep_freed_memory

            keep_freed_memory()  # this process cleans too (one worker) and merges the shards
            return _clean(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "report":
            return _report(args)
        return _explain(args)
    except CorpusprepError as exc:
        print(f"corpusprep: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _pipeline(config: str | None) -> Pipeline:
    from .pipeline import Pipeline

    return Pipeline.from_config_file(config) if config else Pipeline.default()


def _clean(args: argparse.Namespace) -> int:
    from .dataset import process
    from .shard import arrow_without_pandas

    # this process is the command's own (no caller hands pyarrow pandas objects here): when
    # it cleans (one worker, or one shard), pyarrow need not import pandas to build the tables
    arrow_without_pandas()
    # the default pipeline is built by process(), after it has started the corpus pass's
    # process: the two overlap (a configured one is built here, so a bad file fails first)
    pipeline = _pipeline(args.config) if args.config else None
    bar = _ProgressBar(sys.stderr, not args.quiet)
    try:
        summary = process(
            args.inputs, args.out, pipeline=pipeline, workers=args.workers, unit=args.unit,
            shard_docs=args.shard_docs, progress=bar, text_field=args.text_field,
            id_field=args.id_field, text_column=args.text_column, id_column=args.id_column,
            max_doc_bytes=args.max_doc_bytes, html_field=args.html_field, extract=args.extract,
            repeated_lines=args.repeated_lines or None,
            repeated_keep_one=args.repeated_keep_one, start_method=args.start_method,
        )
    finally:
        bar.close()
    if not args.quiet:
        print(format_summary(summary))
    if not summary.documents:
        print(f"corpusprep: error: {_nothing_read(summary)}", file=sys.stderr)
        return EXIT_NOTHING_READ
    failed = failed_rejects(summary)
    if args.fail_on_reject and failed:
        print(f"corpusprep: {failed} input(s) rejected (see rejects.parquet)", file=sys.stderr)
        return EXIT_REJECTS
    return EXIT_OK


#: reject kinds that record a choice, not a failure: WARC records that are not HTML pages
SKIPPED_KINDS = frozenset({"warc_skipped"})


def failed_rejects(summary: RunSummary) -> int:
    """Rejects that are failures (``--fail-on-reject``): all but WARC records skipped as
    not being pages (:data:`SKIPPED_KINDS`), which every WARC file has (its ``warcinfo``)."""
    return summary.rejects - sum(n for kind, n in summary.rejects_by_kind.items() if kind in SKIPPED_KINDS)


def _nothing_read(summary: RunSummary) -> str:
    """The last line of a run that read no document: how many rejects, and the first few."""
    if not summary.rejects:
        return "no input could be read: no input files found (.txt, .md, .html, .warc, .jsonl, .parquet; .gz/.zst)"
    import pyarrow.parquet as pq

    path = Path(summary.out_dir) / "rejects.parquet"
    first = next(pq.ParquetFile(path).iter_batches(batch_size=_SHOWN_REJECTS, columns=["kind", "location"]))
    return _rejects_line(summary.rejects, list(zip(*(first.column(i).to_pylist() for i in range(2)))))


def _rejects_line(total: int, shown: Sequence[tuple[str, str]]) -> str:
    """``no input could be read: 2 rejects (not_found: a; decode: b.png)``, naming at most a few.

    >>> _rejects_line(5, [("not_found", "seedz"), ("empty", "a.txt")])
    'no input could be read: 5 rejects (not_found: seedz; empty: a.txt; 3 more in rejects.parquet)'
    """
    named = [f"{kind}: {location}" for kind, location in shown[:_SHOWN_REJECTS]]
    if total > len(named):
        named.append(f"{total - len(named)} more in rejects.parquet")
    return f"no input could be read: {total} reject{'s' if total != 1 else ''} ({'; '.join(named)})"


def _rules(args: argparse.Namespace) -> int:
    from .cleaners.boilerplate import load_rules

    from .explain import format_rules

    rules = load_rules(args.rules) if args.rules else load_rules()
    if args.rules and not rules:
        raise RuleError(f"{', '.join(args.rules)}: no rules ([[rule]] tables) in the file(s)")
    print(format_rules(rules))
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from .report import build_report

    path = build_report(args.dataset, args.out, sample_docs=args.sample)
    print(f"report written to {path}")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain
    from .io.readers import read_inputs

    if _is_dataset(args.file):
        print(f"corpusprep: error: {args.file}: a corpusprep dataset, not an input: explain cleans input "
              f"files again (give one this dataset was made from); 'corpusprep report {args.file}' reviews "
              "the dataset", file=sys.stderr)
        return EXIT_ERROR
    pipeline = _pipeline(args.config)
    shown = 0
    rejects: list[Reject] = []
    for item in read_inputs([args.file]):
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        print(explain(pipeline.clean_source(item)))
        shown += 1
    if not shown:
        print(f"corpusprep: error: {_explain_nothing(args.file, rejects)}", file=sys.stderr)
        return EXIT_ERROR
    for r in rejects:
        print(f"corpusprep: rejected {r.location}: {r.reason}", file=sys.stderr)
    return EXIT_SOME_REJECTED if rejects else EXIT_OK


def _is_dataset(path: str) -> bool:
    """Whether ``path`` is a directory corpusprep wrote (its manifest.json names its tables)."""
    import json

    manifest = Path(path) / "manifest.json"
    try:
        data = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "tables" in data and "corpusprep_version" in data


def _explain_nothing(file: str, rejects: Sequence[Reject]) -> str:
    """Why ``explain`` showed nothing: the one reject's path and reason, or a summary."""
    if not rejects:
        return f"{file}: no input files found (.txt, .md, .html, .warc, .jsonl, .parquet; .gz/.zst)"
    if len(rejects) == 1:
        return f"{rejects[0].location}: {rejects[0].reason}"
    return _rejects_line(len(rejects), [(r.kind, r.location) for r in rejects])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
