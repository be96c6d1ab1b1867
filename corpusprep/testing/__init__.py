"""Property-test text cleaners: Hypothesis strategies and reusable checks.

Install with the ``testing`` extra (``pip install corpusprep[testing]``), which brings
Hypothesis. :mod:`corpusprep.testing.strategies` generates realistic scraped Chinese news
with ground truth; :mod:`corpusprep.testing.checks` holds plain functions that raise an
informative ``AssertionError`` when a cleaner breaks one of corpusprep's laws. The checks
need no Hypothesis; use them inside any ``@given`` test.

>>> from corpusprep.testing import check_cleaner
>>> check_cleaner(str.strip, "  正文。 ")
'正文。'
"""

from __future__ import annotations

from . import checks
from ._errors import InvalidArgument
from ._types import Mojibake, NewsArticle, PinyinText, Stretch
from .checks import check_cleaner

__all__ = [
    "InvalidArgument",
    "Mojibake",
    "NewsArticle",
    "PinyinText",
    "Stretch",
    "check_cleaner",
    "checks",
    "strategies",
]


def __getattr__(name: str) -> object:
    # strategies import Hypothesis; load them only when asked, so the checks work without it
    if name == "strategies":
        import importlib

        return importlib.import_module(".strategies", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
