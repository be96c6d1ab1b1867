"""Input and output: readers with encoding detection (text, JSONL, Parquet, HTML pages,
WARC archives), and the Parquet dataset writer."""

from .decode import decode_bytes
from .html import decode_html, read_html
from .pages import page_source
from .readers import ReaderOptions, Reject, expand_inputs, read_inputs

__all__ = ["ReaderOptions", "Reject", "decode_bytes", "decode_html", "expand_inputs", "page_source", "read_html",
           "read_inputs"]
