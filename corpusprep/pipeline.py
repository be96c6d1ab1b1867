"""The pipeline: ordered steps, provenance-exact documents, a config fingerprint.

>>> p = Pipeline.default()
>>> doc = p.clean("國際新聞\\n請輸入驗證碼\\n市場(記者 王某)報道,增長4.7%。", source="a.txt")
>>> doc.text
'国际新闻\\n市场（记者 王某）报道，增长4.7%。'
>>> [(r.text, r.category) for r in doc.removed]
[('請輸入驗證碼\\n', 'verification')]
>>> doc.paragraphs[1].src_start, doc.paragraphs[1].src_end
(12, 31)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .cleaners.boilerplate import RemoveBoilerplate, load_rules
from .cleaners.dom import RemoveDomBoilerplate
from .cleaners.duplicates import RemoveDuplicateParagraphs
from .cleaners.encoding import RepairEncoding
from .cleaners.pinyin import StripPinyin
from .cleaners.punctuation import NormalizePunctuation
from .cleaners.script import FoldToSimplified
from .cleaners.variants import FoldVariants
from .cleaners.whitespace import NormalizeWhitespace, ParagraphLayout
from .corpus import site_of
from .document import Document, OffsetMap, Removal, Source, Span
from .errors import ConfigError, OffsetError
from .segment import ReflowPageBreaks, SentenceSplitter, paragraph_spans
from .steps import Context, Step
from .version import __version__

__all__ = ["Pipeline", "PipelineOptions"]


class PipelineOptions(NamedTuple):
    """Settings of the default pipeline, one per behaviour. Override with keywords.

    >>> PipelineOptions()._replace(conversion="tw2sp").conversion
    'tw2sp'
    """

    #: remove lines of a web page that its DOM marks as navigation, furniture, sharing,
    #: comments, related lists or ads (pages read with extract="none"; docs/html.md)
    dom_boilerplate: bool = True
    #: repair mojibake (ftfy on suspect lines) and flag residue it cannot repair
    repair_encoding: bool = True
    #: remove pinyin annotations such as 轉(zhuǎn)
    strip_pinyin: bool = True
    #: OpenCC conversion to Simplified (tw2s, t2s, tw2sp, hk2s), or None to keep the script;
    #: tw2s measured best (docs/normalization.md)
    conversion: str | None = "tw2s"
    #: after the conversion, fold variant characters OpenCC leaves alone (Japanese shinjitai
    #: 沢 → 泽, z-variants 晩 → 晚) to their mainland form; False gives strict OpenCC output
    #: (docs/normalization.md). No effect without a conversion.
    variants: bool = True
    #: fold ASCII punctuation beside Chinese to full-width
    punctuation: bool = True
    #: 「」『』 → “”‘’
    mainland_quotes: bool = True
    #: re-join paragraphs cut by page breaks
    reflow: bool = True
    #: remove boilerplate with the rule pack
    boilerplate: bool = True
    #: extra rule files (TOML) used instead of the built-in pack
    rule_files: tuple[str, ...] | None = None
    #: also remove a leading dateline/byline such as 本报讯(记者 X) (always extracted to meta)
    strip_leading_byline: bool = False
    #: detect infographic runs (short figure lines) as caption blocks
    graphics: bool = True
    #: the trained line model for debris no rule knows (docs/boilerplate.md, "The line model")
    classify: bool = True
    #: remove a line from this model probability (None: the model's own threshold)
    model_threshold: float | None = None
    #: remove repeated paragraphs within a document
    dedupe: bool = True
    #: cut sentences longer than this at ；then ，(soft cuts, listed in meta["soft_sentence_cuts"])
    max_sentence_chars: int | None = None
    #: ；also ends a sentence
    sentence_semicolon: bool = False
    #: "split" ends sentences inside quotations too; "keep" keeps a quoted passage whole
    sentence_quotes: str = "split"


class Pipeline:
    """Ordered steps that clean one document's text and keep its offset map.

    A pipeline is pure: the same text and configuration give the same document on any
    machine, in any order. :meth:`fingerprint` names the configuration.
    """

    def __init__(
        self,
        steps: Sequence[Step],
        *,
        options: PipelineOptions | None = None,
        splitter: SentenceSplitter | None = None,
    ) -> None:
        names = [s.name for s in steps]
        if len(set(names)) != len(names):
            raise ConfigError(f"step names must be unique, got {names}")
        self.steps = tuple(steps)
        self.options = options
        self.splitter = splitter or SentenceSplitter()

    @classmethod
    def default(cls, **options: Any) -> Pipeline:
        """The default pipeline; keywords override :class:`PipelineOptions` fields."""
        unknown = set(options) - set(PipelineOptions._fields)
        if unknown:
            raise ConfigError(
                f"unknown pipeline options {sorted(unknown)}; known: {list(PipelineOptions._fields)}"
            )
        if options.get("rule_files") is not None:
            options["rule_files"] = tuple(str(p) for p in options["rule_files"])
        o = PipelineOptions()._replace(**options)
        steps: list[Step] = []
        if o.dom_boilerplate:  # first: it reads the page text exactly as the reader produced it
            steps.append(RemoveDomBoilerplate())
        if o.repair_encoding:
            steps.append(RepairEncoding())
        steps.append(NormalizeWhitespace())
        if o.strip_pinyin:
            steps.append(StripPinyin())
        if o.conversion:
            steps.append(FoldToSimplified(o.conversion))
            if o.variants:
                steps.append(FoldVariants())
        if o.punctuation:
            steps.append(NormalizePunctuation(mainland_quotes=o.mainland_quotes))
        if o.boilerplate:
            rules = load_rules(o.rule_files) if o.rule_files is not None else None
            steps.append(RemoveBoilerplate(
                rules, strip_leading_byline=o.strip_leading_byline, graphics=o.graphics, classify=o.classify,
                threshold=o.model_threshold,
            ))
        if o.reflow:
            steps.append(ReflowPageBreaks())
        if o.dedupe:
            steps.append(RemoveDuplicateParagraphs())
        steps.append(ParagraphLayout())
        splitter = SentenceSplitter(
            semicolon=o.sentence_semicolon, max_chars=o.max_sentence_chars,
            quotes=o.sentence_quotes,  # type: ignore[arg-type]
        )
        return cls(steps, options=o, splitter=splitter)

    @classmethod
    def from_config_file(cls, path: str | Path) -> Pipeline:
        """The default pipeline with options from a TOML file (keys of :class:`PipelineOptions`)."""
        from .cleaners.boilerplate.rules import tomllib

        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read config: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        data = data.get("pipeline", data)
        try:
            return cls.default(**data)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None

    def with_step(self, step: Step, *, before: str) -> Pipeline:
        """A copy with ``step`` inserted before the step named ``before`` (or at the end)."""
        steps = list(self.steps)
        names = [s.name for s in steps]
        at = names.index(before) if before in names else len(steps)
        return Pipeline([*steps[:at], step, *steps[at:]], options=self.options, splitter=self.splitter)

    # -- identity ---------------------------------------------------------------------------
    def config(self) -> dict[str, Any]:
        """The full configuration as JSON-able data."""
        return {
            "corpusprep": __version__,
            "steps": [{"name": s.name, "version": s.version, "config": s.config()} for s in self.steps],
            "sentences": {**self.splitter.config(), "version": self.splitter.version},
        }

    def fingerprint(self) -> str:
        """A short stable hash of :meth:`config`."""
        blob = json.dumps(self.config(), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def __repr__(self) -> str:
        return f"Pipeline([{', '.join(s.name for s in self.steps)}], fingerprint={self.fingerprint()!r})"

    # -- running ---------------------------------------------------------------------------
    def clean(
        self,
        text: str,
        source: str = "<string>",
        *,
        sha256: str | None = None,
        encoding: str = "utf-8",
        doc_id: str = "",
    ) -> Document:
        """Clean one document's decoded text."""
        if not isinstance(text, str):
            raise TypeError(
                f"clean() takes decoded text (str), got {type(text).__name__}; "
                "decode bytes first or use corpusprep.io.read_inputs()"
            )
        digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return self.clean_source(Source(source, text, digest, encoding, doc_id))

    def clean_source(self, src: Source) -> Document:
        """Clean a :class:`~corpusprep.document.Source`."""
        ctx = Context(src.uri, source=src)
        site = site_of(src.fields) if src.fields else None
        if site:
            ctx.meta["site"] = site  # the group of the corpus pass (lines a site repeats)
        cur = src.text
        omap = OffsetMap.identity(len(cur))
        stats: dict[str, dict[str, int]] = {}
        marks: list[tuple[int, int, str]] = []
        for step in self.steps:
            res = step.apply(cur, ctx)
            expected = len(cur) + sum(len(e.new) - (e.end - e.start) for e in res.edits)
            if len(res.text) != expected:
                raise OffsetError(f"{src.uri}: step {step.name!r} returned text inconsistent with its edits")
            if ctx.marks:
                marks.extend((*omap.source_span(a, b), f) for a, b, f in ctx.marks)
                ctx.marks.clear()
            if res.edits:
                omap = omap.compose(cur, res.edits)
            stats[step.name] = {
                "edits": len(res.edits),
                "chars_removed": sum(e.end - e.start - len(e.new) for e in res.edits),
                "folded": res.folded,
            }
            cur = res.text
        source_edits = tuple(omap.source_edits(src.text, cur))
        removed = tuple(
            Removal(e.start, e.end, e.old, e.reason, e.category, e.new, e.note)
            for e in source_edits
            if e.old.strip() and e.category != "whitespace" or _is_loss(e)
        )
        paragraphs = tuple(self._spans(cur, omap, paragraph_spans(cur)))
        found = [s for p in paragraphs for s in self.splitter.sentences(cur, p.start, p.end)]
        sentences = tuple(self._spans(cur, omap, ((s.start, s.end) for s in found)))
        flags = dict(ctx.flags)
        meta = dict(ctx.meta)
        soft = [i for i, s in enumerate(found) if s.soft]
        if soft:
            meta["soft_sentence_cuts"] = soft
        if marks:
            meta["flag_spans"] = sorted(marks)
        return Document(src, cur, paragraphs, sentences, removed, source_edits, flags, meta, stats, omap)

    @staticmethod
    def _spans(text: str, omap: OffsetMap, spans: Iterable[tuple[int, int]]) -> Iterator[Span]:
        for a, b in spans:
            s, e = omap.source_span(a, b)
            yield Span(text[a:b], s, e, a, b)

    def run(self, sources: Iterable[Source]) -> Iterator[Document]:
        """Clean a stream of sources lazily, in order."""
        for src in sources:
            yield self.clean_source(src)


def _is_loss(e: Any) -> bool:
    """A whitespace edit that removed visible characters (zero-width, controls)."""
    return e.category == "whitespace" and bool(e.old.strip(" \t\n\r\u3000\u00a0"))
