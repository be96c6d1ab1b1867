"""The front matter of a Markdown post, removed whole and kept as metadata.

The block (:mod:`corpusprep.io.front_matter` says what counts as one) goes with rule
``markup.front_matter``, category ``markup``; the fields that name the document go to
``meta``: ``title``, ``published``, ``author`` and ``url`` (the documents table's columns,
where the reader gave none), and every scalar or list field under ``meta["front_matter"]``.

>>> from corpusprep.steps import Context
>>> ctx = Context("post.md")
>>> StripFrontMatter().apply("---\\ntitle: 标题\\nauthor: 张三\\n---\\n正文。", ctx).text
'正文。'
>>> ctx.meta["title"], ctx.meta["author"]
('标题', '张三')
>>> StripFrontMatter().apply("---\\n正文第一段。\\n---\\n正文。", Context("t")).text
'---\\n正文第一段。\\n---\\n正文。'
"""

from __future__ import annotations

from typing import Any

from ..document import Edit
from ..io.front_matter import document_meta, front_matter_blocks
from ..steps import Context, EditStep

__all__ = ["StripFrontMatter"]


class StripFrontMatter(EditStep):
    """Remove the front-matter block a text opens with; keep its fields in ``meta``.

    Consecutive blocks go together (a post saved with its metadata twice), so that the
    result never opens with one and a second run changes nothing.
    """

    name = "front_matter"
    version = "1"

    def edits(self, text: str, ctx: Context) -> list[Edit]:
        edits: list[Edit] = []
        fields: dict[str, Any] = {}
        for fm in front_matter_blocks(text):
            edits.append(Edit(fm.start, fm.end, text[fm.start:fm.end], "", "markup.front_matter", "markup",
                              f"{fm.kind} front matter, {len(fm.fields)} fields"))
            for k, v in fm.fields.items():
                fields.setdefault(k, v)
        if fields:
            ctx.meta["front_matter"] = fields
            for k, v in document_meta(fields).items():
                ctx.meta.setdefault(k, v)
        return edits
