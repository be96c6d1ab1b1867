"""Every built-in cleaner, run through corpusprep.testing's checks with its strategies.

A law a built-in cleaner is known to break is listed in ``KNOWN``, with the smallest
failing input found. The property test leaves that law out for that cleaner (or, for
``no_exception``, rejects inputs that raise exactly the known error), and
``test_known_failure`` pins the example with ``xfail(strict=True)``, so the day the cleaner
is fixed, the suite says so and the entry must go.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from corpusprep.cleaners.boilerplate import RemoveBoilerplate
from corpusprep.cleaners.dom import RemoveDomBoilerplate
from corpusprep.cleaners.duplicates import RemoveDuplicateParagraphs
from corpusprep.cleaners.encoding import RepairEncoding
from corpusprep.cleaners.front_matter import StripFrontMatter
from corpusprep.cleaners.pinyin import StripPinyin
from corpusprep.cleaners.punctuation import NormalizePunctuation
from corpusprep.cleaners.script import FoldToSimplified
from corpusprep.cleaners.variants import FoldVariants
from corpusprep.cleaners.whitespace import NormalizeWhitespace, ParagraphLayout
from corpusprep.pipeline import Pipeline
from corpusprep.segment import ReflowPageBreaks
from corpusprep.steps import Step
from corpusprep.testing import strategies as cs
from corpusprep.testing.checks import DOCUMENT_LAWS, STEP_LAWS, check_cleaner

FACTORIES: dict[str, Callable[[], Any]] = {
    "RepairEncoding": RepairEncoding,
    "NormalizeWhitespace": NormalizeWhitespace,
    "StripFrontMatter": StripFrontMatter,
    "StripPinyin": StripPinyin,
    "FoldToSimplified": FoldToSimplified,
    "FoldVariants": FoldVariants,
    "NormalizePunctuation": NormalizePunctuation,
    "RemoveBoilerplate": RemoveBoilerplate,
    "RemoveDomBoilerplate": RemoveDomBoilerplate,  # no page here: its page laws are in test_dom.py
    "ReflowPageBreaks": ReflowPageBreaks,
    "RemoveDuplicateParagraphs": RemoveDuplicateParagraphs,
    "ParagraphLayout": ParagraphLayout,
    "Pipeline.default": Pipeline.default,
}
_CLEANERS: dict[str, Any] = {}


def cleaner(name: str) -> Any:
    """One instance per cleaner for the whole module (the rule pack loads once)."""
    if name not in _CLEANERS:
        _CLEANERS[name] = FACTORIES[name]()
    return _CLEANERS[name]


class Known(NamedTuple):
    """A law a built-in cleaner breaks: the smallest example, and text of the failure."""

    cleaner: str
    law: str
    example: str
    match: str  # a substring of the failure message, to recognise this failure only
    why: str


KNOWN = [
    Known("Pipeline.default", "idempotent", "\x9dÂ\x80", "by rule 'encoding.ftfy'",
          "RepairEncoding runs before NormalizeWhitespace: the C1 control '\\x9d' hides the "
          "mojibake 'Â\\x80' from ftfy, then whitespace removes '\\x9d', so the first run gives "
          "'Â€' and a second run repairs it to '€'"),
]


def known_laws(name: str) -> dict[str, Known]:
    return {k.law: k for k in KNOWN if k.cleaner == name}


# Everything the strategies make, in one stream: prose in both scripts and every newline
# style, articles with injected boilerplate, pinyin-annotated text, mojibake, hostile text.
TEXTS = st.one_of(
    cs.chinese_text(script="any", newline="mixed"),
    cs.news_article(script="any", newline="mixed", max_boilerplate=6).map(lambda a: a.text),
    cs.pinyin_annotated(toneless=True, lost_characters=True).map(lambda p: p.text),
    cs.mojibake().map(lambda m: m.text),
    cs.hostile_text(max_line_length=2000),
)


@pytest.mark.parametrize("name", list(FACTORIES))
@given(text=TEXTS)
def test_builtin_cleaner_obeys_the_laws(name: str, text: str) -> None:
    """Each built-in cleaner obeys every law that applies to it, on every kind of text,
    except the laws listed in KNOWN for it."""
    c = cleaner(name)
    known = known_laws(name)
    try:
        check_cleaner(c, text, skip=[law for law in known if law != "no_exception"])
    except AssertionError as exc:
        k = known.get("no_exception")
        if k is not None and str(exc).startswith("[no_exception]") and k.match in str(exc):
            reject()  # the known crash; test_known_failure pins it
        raise


@pytest.mark.parametrize(
    "known",
    [
        pytest.param(k, id=f"{k.cleaner}-{k.law}-{i}",
                     marks=pytest.mark.xfail(strict=True, raises=AssertionError,
                                             reason=f"{k.cleaner} breaks {k.law} on {k.example!r}: {k.why}"))
        for i, k in enumerate(KNOWN)
    ],
)
def test_known_failure(known: Known) -> None:
    """The smallest known example still breaks the law (and only for the known reason)."""
    c = cleaner(known.cleaner)
    laws = STEP_LAWS if isinstance(c, Step) else DOCUMENT_LAWS
    try:
        check_cleaner(c, known.example, skip=[law for law in laws if law not in (known.law, "no_exception")])
    except AssertionError as exc:
        if not (str(exc).startswith(f"[{known.law}]") and known.match in str(exc)):
            # not an AssertionError, so the xfail does not swallow it
            pytest.fail(f"{known.cleaner} now fails differently on {known.example!r}: {exc}")
        raise
