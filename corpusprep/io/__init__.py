"""Input and output: readers with encoding detection, and the Parquet dataset writer."""

from .decode import decode_bytes
from .readers import ReaderOptions, Reject, expand_inputs, read_inputs

__all__ = ["ReaderOptions", "Reject", "decode_bytes", "expand_inputs", "read_inputs"]
