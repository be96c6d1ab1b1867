"""Explicit Arrow schemas of every output table, with a schema version.

Explicit schemas keep the files identical whatever the data (no inferred ``null`` columns
from an empty shard) and readable as is by polars, DuckDB and Hugging Face ``datasets``.

>>> from corpusprep.schema import CORPUS
>>> CORPUS.field("src_start").type
DataType(int64)
>>> SCHEMA_VERSION
'2'

Version 2 added the web-page columns of ``DOCUMENTS`` (``url`` ... ``source_text``).

The schemas are built when first used (``from corpusprep.schema import CORPUS``), not when
the module loads: importing this module does not load pyarrow, so a run's main process,
which only reads inputs and hands them to workers, keeps pyarrow out while they clean.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["CORPUS", "DOCUMENTS", "REJECTS", "REMOVED", "SCHEMA_VERSION", "UNITS"]

SCHEMA_VERSION = "2"
UNITS = ("document", "paragraph", "sentence")

#: the names of the output tables' schemas (module attributes built on first use)
_TABLES = ("CORPUS", "DOCUMENTS", "REMOVED", "REJECTS")


def __getattr__(name: str) -> pa.Schema:
    if name in _TABLES:
        return _schemas()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_TABLES])


@functools.cache
def _schemas() -> dict[str, pa.Schema]:
    """The output tables' schemas, by name (pyarrow is loaded here)."""
    import pyarrow as pa

    provenance = [
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("source_sha256", pa.string(), nullable=False),
        pa.field("pipeline_fingerprint", pa.string(), nullable=False),
        pa.field("corpusprep_version", pa.string(), nullable=False),
    ]

    # one row per unit of text (document, paragraph or sentence)
    corpus = pa.schema(
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("unit", pa.string(), nullable=False),
            pa.field("index", pa.int32(), nullable=False),
            pa.field("paragraph_index", pa.int32(), nullable=False),
            pa.field("text", pa.string(), nullable=False),
            pa.field("src_start", pa.int64(), nullable=False),
            pa.field("src_end", pa.int64(), nullable=False),
            pa.field("flags", pa.list_(pa.string()), nullable=False),
            *provenance,
        ]
    )

    # one row per input document that was read and cleaned
    documents = pa.schema(
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("shard", pa.int32(), nullable=False),
            pa.field("status", pa.string(), nullable=False),
            pa.field("encoding", pa.string(), nullable=False),
            pa.field("script", pa.string(), nullable=True),
            pa.field("title", pa.string(), nullable=True),
            pa.field("byline", pa.string(), nullable=True),
            pa.field("dateline", pa.string(), nullable=True),
            pa.field("chars_in", pa.int64(), nullable=False),
            pa.field("chars_out", pa.int64(), nullable=False),
            pa.field("n_paragraphs", pa.int32(), nullable=False),
            pa.field("n_sentences", pa.int32(), nullable=False),
            pa.field("n_removed", pa.int32(), nullable=False),
            pa.field("chars_removed", pa.int64(), nullable=False),
            pa.field(
                "flags",
                pa.list_(pa.struct([pa.field("name", pa.string()), pa.field("count", pa.int32())])),
                nullable=False,
            ),
            pa.field("meta_json", pa.string(), nullable=False),
            # web pages (HTML files, WARC responses, --html-field): null for plain text inputs
            pa.field("url", pa.string(), nullable=True),
            pa.field("published", pa.string(), nullable=True),  # as the page's metadata states it
            pa.field("author", pa.string(), nullable=True),
            pa.field("warc_record_id", pa.string(), nullable=True),
            pa.field("extractor", pa.string(), nullable=True),  # "none" (whole page) or "trafilatura"
            pa.field("extractor_version", pa.string(), nullable=True),
            # the source text the offsets refer to, where it is not the input file decoded
            # (a page's text as the reader laid it out, or the extractor's output)
            pa.field("source_text", pa.large_string(), nullable=True),
            *provenance,
        ]
    )

    # the audit: one row per removed or replaced stretch of source text
    removed = pa.schema(
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("src_start", pa.int64(), nullable=False),
            pa.field("src_end", pa.int64(), nullable=False),
            pa.field("text", pa.string(), nullable=False),
            pa.field("replacement", pa.string(), nullable=False),
            pa.field("rule", pa.string(), nullable=False),
            pa.field("category", pa.string(), nullable=False),
            pa.field("note", pa.string(), nullable=False),
            *provenance,
        ]
    )

    # inputs that could not be read or cleaned
    rejects = pa.schema(
        [
            pa.field("source_uri", pa.string(), nullable=False),
            pa.field("location", pa.string(), nullable=False),
            pa.field("kind", pa.string(), nullable=False),
            pa.field("reason", pa.string(), nullable=False),
            pa.field("shard", pa.int32(), nullable=False),
            pa.field("pipeline_fingerprint", pa.string(), nullable=False),
            pa.field("corpusprep_version", pa.string(), nullable=False),
        ]
    )
    return {"CORPUS": corpus, "DOCUMENTS": documents, "REMOVED": removed, "REJECTS": rejects}
