"""Explicit Arrow schemas of every output table, with a schema version.

Explicit schemas keep the files identical whatever the data (no inferred ``null`` columns
from an empty shard) and readable as is by polars, DuckDB and Hugging Face ``datasets``.

>>> CORPUS.field("src_start").type
DataType(int64)
>>> SCHEMA_VERSION
'2'

Version 2 added the web-page columns of ``DOCUMENTS`` (``url`` ... ``source_text``).
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["CORPUS", "DOCUMENTS", "REJECTS", "REMOVED", "SCHEMA_VERSION", "UNITS"]

SCHEMA_VERSION = "2"
UNITS = ("document", "paragraph", "sentence")

_PROVENANCE = [
    pa.field("source_uri", pa.string(), nullable=False),
    pa.field("source_sha256", pa.string(), nullable=False),
    pa.field("pipeline_fingerprint", pa.string(), nullable=False),
    pa.field("corpusprep_version", pa.string(), nullable=False),
]

#: one row per unit of text (document, paragraph or sentence)
CORPUS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("index", pa.int32(), nullable=False),
        pa.field("paragraph_index", pa.int32(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("src_start", pa.int64(), nullable=False),
        pa.field("src_end", pa.int64(), nullable=False),
        pa.field("flags", pa.list_(pa.string()), nullable=False),
        *_PROVENANCE,
    ]
)

#: one row per input document that was read and cleaned
DOCUMENTS = pa.schema(
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
        *_PROVENANCE,
    ]
)

#: the audit: one row per removed or replaced stretch of source text
REMOVED = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("src_start", pa.int64(), nullable=False),
        pa.field("src_end", pa.int64(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("replacement", pa.string(), nullable=False),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("category", pa.string(), nullable=False),
        pa.field("note", pa.string(), nullable=False),
        *_PROVENANCE,
    ]
)

#: inputs that could not be read or cleaned
REJECTS = pa.schema(
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
