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
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from .cleaners.boilerplate import RemoveBoilerplate, load_rules
from .cleaners.dom import RemoveDomBoilerplate
from .cleaners.duplicates import RemoveDuplicateParagraphs
from .cleaners.encoding import RepairEncoding
from .cleaners.front_matter import StripFrontMatter
from .cleaners.pinyin import StripPinyin
from .cleaners.punctuation import NormalizePunctuation
from .cleaners.script import FoldToSimplified
from .cleaners.variants import FoldVariants
from .cleaners.whitespace import NormalizeWhitespace, ParagraphLayout
from .corpus import site_of
from .document import Document, OffsetMap, Removal, Source, Span
from .errors import ConfigError, OffsetError
from .segment import ReflowPageBreaks, SentenceSplitter, paragraph_spans
from .steps import Context, Step, StepResult
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
    #: remove the front-matter block a Markdown post opens with (``---`` YAML or ``+++`` TOML,
    #: as Jekyll, Hugo and Hexo write it) and keep its title, date, author and URL as metadata
    front_matter: bool = True
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
    #: remove a chart's labels in another language, one to a line (docs/boilerplate.md: chart runs)
    charts: bool = True
    #: remove lists of other articles set out as `source | title` lines
    title_lists: bool = True
    #: the trained line model for debris no rule knows (docs/boilerplate.md, "The line model")
    classify: bool = True
    #: remove a line from this model probability (None: the model's own threshold)
    model_threshold: float | None = None
    #: the line model leaves the items of content lists alone (docs/boilerplate.md: 附名单, price lists)
    content_lists: bool = True
    #: the line model leaves prose set as short lines alone (scripts, poems, essays: docs/boilerplate.md)
    narrative_runs: bool = True
    #: the line model leaves an article's own table of contents (目录 and its chapters) alone
    contents: bool = True
    #: a block rule's run of teasers goes on past a line another rule takes inside it (not past a byline)
    blocks_through_rules: bool = True
    #: a line in Markdown emphasis, a blockquote or a heading that no rule matches as it stands is
    #: read again without its markers by the whole-line rules (**作者 /** **X** is a byline,
    #: > 来源：X and #### 原标题：X credits)
    markdown_emphasis: bool = True
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
        if o.front_matter:
            steps.append(StripFrontMatter())
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
                rules, strip_leading_byline=o.strip_leading_byline, graphics=o.graphics, charts=o.charts,
                title_lists=o.title_lists, classify=o.classify, threshold=o.model_threshold,
                content_lists=o.content_lists, narrative_runs=o.narrative_runs, contents=o.contents,
                blocks_through_rules=o.blocks_through_rules, markdown_emphasis=o.markdown_emphasis,
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
        out = self.clean_batch([src])[0]
        if isinstance(out, Exception):
            raise out
        return out

    def clean_batch(self, sources: Sequence[Source]) -> list[Document | Exception]:
        """Clean many sources, each step over all of them at once (steps that can share
        work across documents, such as the line model, do so). Each result is the document
        :meth:`clean_source` gives alone, or the exception cleaning it raised: one bad
        document does not stop the others.

        >>> p = Pipeline.default()
        >>> [d.text for d in p.clean_batch([Source("a", "國際", "-"), Source("b", "新聞", "-")])]
        ['国际', '新闻']
        """
        states: list[_Cleaning | Exception] = [_Cleaning.start(src) for src in sources]
        for step in self.steps:
            live = [i for i, st in enumerate(states) if isinstance(st, _Cleaning)]
            if not live:
                break
            results = self._apply(step, [states[i] for i in live])  # type: ignore[misc]
            for i, res in zip(live, results):
                st = states[i]
                assert isinstance(st, _Cleaning)
                try:
                    if isinstance(res, Exception):
                        raise res
                    st.advance(step, res)
                except Exception as exc:
                    states[i] = exc
        return [st if isinstance(st, Exception) else st.finish(self.splitter) for st in states]

    @staticmethod
    def _apply(step: Step, states: Sequence[_Cleaning]) -> list[StepResult | Exception]:
        """``step`` over the current texts of ``states``: all at once, and if that raises,
        one by one (so the exception belongs to the document that raised it)."""
        if len(states) > 1:
            saved = [st.ctx_state() for st in states]
            try:
                return list(step.apply_many([st.text for st in states], [st.ctx for st in states]))
            except Exception:
                for st, s in zip(states, saved):  # undo what the failed batch left in the contexts
                    st.restore_ctx(s)
        out: list[StepResult | Exception] = []
        for st in states:
            try:
                out.append(step.apply(st.text, st.ctx))
            except Exception as exc:
                out.append(exc)
        return out

    def run(self, sources: Iterable[Source], batch: int = 64) -> Iterator[Document]:
        """Clean a stream of sources lazily, in order, ``batch`` at a time (see
        :meth:`clean_batch`); raises the first exception, in order, that cleaning raised."""
        it = iter(sources)
        while chunk := list(islice(it, batch)):
            for out in self.clean_batch(chunk):
                if isinstance(out, Exception):
                    raise out
                yield out


class _Cleaning:
    """One document on its way through the steps: its context, current text, offset map,
    per-step statistics and the quality-flag marks mapped to the source."""

    __slots__ = ("ctx", "marks", "omap", "src", "stats", "text")

    def __init__(self, src: Source, ctx: Context) -> None:
        self.src = src
        self.ctx = ctx
        self.text = src.text
        self.omap = OffsetMap.identity(len(src.text))
        self.stats: dict[str, dict[str, int]] = {}
        self.marks: list[tuple[int, int, str]] = []

    @classmethod
    def start(cls, src: Source) -> _Cleaning:
        ctx = Context(src.uri, source=src)
        site = site_of(src.fields) if src.fields else None
        if site:
            ctx.meta["site"] = site  # the group of the corpus pass (lines a site repeats)
        if src.fields and src.fields.get("body_from_script"):
            ctx.meta["body_from_script"] = src.fields["body_from_script"]  # the reader wrote a script's text in
        return cls(src, ctx)

    def ctx_state(self) -> tuple[dict[str, int], dict[str, Any], list[tuple[int, int, str]]]:
        return dict(self.ctx.flags), dict(self.ctx.meta), list(self.ctx.marks)

    def restore_ctx(self, state: tuple[dict[str, int], dict[str, Any], list[tuple[int, int, str]]]) -> None:
        self.ctx.flags, self.ctx.meta, self.ctx.marks = dict(state[0]), dict(state[1]), list(state[2])

    def advance(self, step: Step, res: StepResult) -> None:
        """Take ``step``'s result ``res`` on the current text."""
        cur, ctx = self.text, self.ctx
        expected = len(cur) + sum(len(e.new) - (e.end - e.start) for e in res.edits)
        if len(res.text) != expected:
            raise OffsetError(f"{self.src.uri}: step {step.name!r} returned text inconsistent with its edits")
        if ctx.marks:
            self.marks.extend((*self.omap.source_span(a, b), f) for a, b, f in ctx.marks)
            ctx.marks.clear()
        if res.edits:
            self.omap = self.omap.compose(cur, res.edits)
        self.stats[step.name] = {
            "edits": len(res.edits),
            "chars_removed": sum(e.end - e.start - len(e.new) for e in res.edits),
            "folded": res.folded,
        }
        self.text = res.text

    def finish(self, splitter: SentenceSplitter) -> Document | Exception:
        """The cleaned :class:`Document` (or the exception building it raised)."""
        try:
            return self._document(splitter)
        except Exception as exc:
            return exc

    def _document(self, splitter: SentenceSplitter) -> Document:
        src, cur, omap, ctx = self.src, self.text, self.omap, self.ctx
        source_edits = tuple(omap.source_edits(src.text, cur))
        removed = tuple(
            Removal(e.start, e.end, e.old, e.reason, e.category, e.new, e.note)
            for e in source_edits
            if e.old.strip() and e.category != "whitespace" or _is_loss(e)
        )
        paragraphs = tuple(_spans(cur, omap, paragraph_spans(cur)))
        found = [s for p in paragraphs for s in splitter.sentences(cur, p.start, p.end)]
        sentences = tuple(_spans(cur, omap, ((s.start, s.end) for s in found)))
        flags = dict(ctx.flags)
        meta = dict(ctx.meta)
        soft = [i for i, s in enumerate(found) if s.soft]
        if soft:
            meta["soft_sentence_cuts"] = soft
        if self.marks:
            meta["flag_spans"] = sorted(self.marks)
        return Document(src, cur, paragraphs, sentences, removed, source_edits, flags, meta, self.stats, omap)


def _spans(text: str, omap: OffsetMap, spans: Iterable[tuple[int, int]]) -> Iterator[Span]:
    for a, b in spans:
        s, e = omap.source_span(a, b)
        yield Span(text[a:b], s, e, a, b)


def _is_loss(e: Any) -> bool:
    """A whitespace edit that removed visible characters (zero-width, controls)."""
    return e.category == "whitespace" and bool(e.old.strip(" \t\n\r\u3000\u00a0"))
