"""corpusprep: clean, traceable training corpora from scraped Chinese news.

>>> import corpusprep as cp
>>> cp.clean_text("請輸入驗證碼\\n市場報道,增長4.7%。")
'市场报道，增长4.7%。'
>>> cp.split_sentences("今天下雨。明天呢？")
['今天下雨。', '明天呢？']
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    ConfigError,
    CorpusprepError,
    DecodeError,
    InputError,
    OffsetError,
    OutputError,
    RuleError,
    WorkerError,
)
from .version import __version__

if TYPE_CHECKING:
    from .cleaners.script import to_simplified
    from .document import Document, Edit, OffsetMap, Removal, Source, Span, apply_edits, revert_edits
    from .pipeline import Pipeline, PipelineOptions
    from .segment import split_sentences
    from .steps import Context, EditStep, FoldStep, Step, StepResult

#: public names loaded on first use (PEP 562): ``import corpusprep`` stays cheap for a
#: process that needs only part of it (the corpus pass's process, the CLI's ``--help``)
_LAZY = {
    "to_simplified": ".cleaners.script",
    **dict.fromkeys(("Document", "Edit", "OffsetMap", "Removal", "Source", "Span", "apply_edits", "revert_edits"),
                    ".document"),
    "Pipeline": ".pipeline",
    "PipelineOptions": ".pipeline",
    "split_sentences": ".segment",
    **dict.fromkeys(("Context", "EditStep", "FoldStep", "Step", "StepResult"), ".steps"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "ConfigError",
    "Context",
    "CorpusprepError",
    "DecodeError",
    "Document",
    "Edit",
    "EditStep",
    "FoldStep",
    "InputError",
    "OffsetError",
    "OffsetMap",
    "OutputError",
    "Pipeline",
    "PipelineOptions",
    "Removal",
    "RuleError",
    "Source",
    "Span",
    "Step",
    "StepResult",
    "WorkerError",
    "__version__",
    "apply_edits",
    "clean",
    "clean_text",
    "process",
    "revert_edits",
    "split_sentences",
    "to_simplified",
]


@functools.lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    from .pipeline import Pipeline

    return Pipeline.default()


def clean(text: str, source: str = "<string>") -> Document:
    """Clean one document with the default pipeline.

    >>> doc = clean("請輸入驗證碼\\n正文。", source="a.txt")
    >>> doc.text, doc.removed[0].category
    ('正文。', 'verification')
    """
    return _default_pipeline().clean(text, source=source)


def clean_text(text: str) -> str:
    """Just the cleaned text of :func:`clean`."""
    return clean(text).text


def process(inputs, out_dir, pipeline=None, workers=None, unit="paragraph", **reader_options):  # type: ignore[no-untyped-def]
    """Clean files into a Parquet dataset directory; see :func:`corpusprep.dataset.process`."""
    from .dataset import process as _process

    return _process(inputs, out_dir, pipeline=pipeline, workers=workers, unit=unit, **reader_options)
