"""Front matter: the metadata block a static-site post opens with.

Markdown archives of Chinese news (Jekyll, Hugo and Hexo sites, and the GitHub archives of
deleted articles built on them) open every post with its metadata between two fences::

    ---
    title: "武汉医生的一天"
    date: 2020-03-01
    from: https://mp.weixin.qq.com/s/…
    tags: [新冠]
    ---

This module finds such a block and reads its fields; it imports nothing of the pipeline
(the corpus pass uses it too). The step that removes the block is
:class:`corpusprep.cleaners.front_matter.StripFrontMatter`.

A block is recognised only at the start of the text (after blank lines), between ``---``
fences (YAML; ``...`` also closes) or ``+++`` fences (TOML, which must parse), with every
line of a YAML block a field (``key: value``, an ASCII key), a list item, an indented
continuation or a comment: a text that opens with a horizontal rule and prose is no
front matter.

>>> find_front_matter("---\\ntitle: 标题\\n---\\n正文。").fields
{'title': '标题'}
>>> find_front_matter("---\\n正文第一段。\\n---\\n正文。") is None
True
"""

from __future__ import annotations

import re
import sys
from typing import Any, NamedTuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["META_KEYS", "FrontMatter", "document_meta", "find_front_matter", "front_matter_blocks", "front_matter_end"]

#: a block longer than this is not front matter (a post's metadata is a few dozen lines)
MAX_LINES = 200

_YAML_KEY = re.compile(r"""(?:"[A-Za-z_][\w .:/-]*"|'[A-Za-z_][\w .:/-]*'|[A-Za-z_][A-Za-z0-9_.:/-]*)[ \t]*:(?=[ \t]|$)""",
                       re.ASCII)
_YAML_OTHER = re.compile(r"[ \t]*-(?:[ \t]|$)|[ \t]+\S|#")  # list item, indented continuation, comment
_OPENING = re.compile(r"[\n\r\t \u3000]*(---|\+\+\+)")
_URL = re.compile(r"https?://\S+$", re.IGNORECASE)

#: the documents table's columns and the front-matter keys that fill them, first found wins
META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "published": ("date", "published", "pubdate", "publishdate", "published_at", "created", "created_at"),
    "author": ("author", "authors", "author.name", "byline"),
    "url": ("from", "url", "link", "source", "source_url", "original_url", "originalurl", "origin",
            "canonical_url", "canonicalurl", "permalink"),
}


class FrontMatter(NamedTuple):
    """A front-matter block: ``text[start:end]`` (the fences and their final newline
    included), its ``kind`` (``"yaml"`` or ``"toml"``) and its top-level fields."""

    start: int
    end: int
    kind: str
    fields: dict[str, Any]


def find_front_matter(text: str, pos: int = 0) -> FrontMatter | None:
    """The front-matter block that opens ``text`` (from ``pos`` on), or None.

    >>> fm = find_front_matter("\\n---\\ntitle: '标题'\\ntags:\\n  - 新闻\\n---\\n正文。")
    >>> fm.start, fm.end, fm.kind, fm.fields
    (1, 34, 'yaml', {'title': '标题', 'tags': ['新闻']})
    >>> find_front_matter('+++\\ntitle = "标题"\\n+++\\n正文。').fields
    {'title': '标题'}
    >>> find_front_matter("---\\n\\n正文。") is None
    True
    """
    m = _OPENING.match(text, pos)
    if m is None:
        return None
    start = max(pos, text.rfind("\n", pos, m.end()) + 1)  # the fence's line starts after the last blank line
    fence = m.group(1)
    lines: list[str] = []
    pos = start
    for k in range(MAX_LINES + 2):
        nl = text.find("\n", pos)
        line = text[pos:] if nl < 0 else text[pos:nl]
        end = len(text) if nl < 0 else nl + 1
        bare = line.rstrip(" \t\r")
        if k == 0:
            if bare != fence:
                return None
        elif bare == fence or (fence == "---" and bare == "..."):
            fields = _toml(lines) if fence == "+++" else _yaml(lines)
            if fields is None:
                return None
            return FrontMatter(start, end, "toml" if fence == "+++" else "yaml", fields)
        else:
            lines.append(line.rstrip("\r"))
        if nl < 0:
            return None
        pos = end
    return None


def _toml(lines: list[str]) -> dict[str, Any] | None:
    try:
        data = tomllib.loads("\n".join(lines))
    except tomllib.TOMLDecodeError:
        return None
    return {k: p for k, v in data.items() if (p := _plain(v)) is not None} if data else None


def _plain(v: Any) -> Any:
    """A scalar as a string, a list of scalars as a list of strings; None for anything else."""
    if isinstance(v, list):
        items = [_plain(x) for x in v]
        return [x for x in items if isinstance(x, str)]
    if isinstance(v, dict):
        return None
    return v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)


def _yaml(lines: list[str]) -> dict[str, Any] | None:
    """The top-level fields of a YAML block (a plain subset: scalars, flow and block lists,
    ``|``/``>`` blocks), or None if a line is no YAML a post's metadata is written in."""
    fields: dict[str, Any] = {}
    key: str | None = None
    seen_key = False
    for line in lines:
        if not line.strip():
            continue
        m = _YAML_KEY.match(line)
        if m and not line[0].isspace():
            key = _key_name(m)
            seen_key = True
            value = line[m.end():].strip()
            if value.startswith("#"):
                value = ""
            fields[key] = _scalar_or_list(value) if value not in ("", "|", ">", "|-", ">-", "|+", ">+") else None
            continue
        if not _YAML_OTHER.match(line) or not seen_key and not line.lstrip().startswith("#"):
            return None
        if key is None or line.lstrip().startswith("#"):
            continue
        item = line.strip()
        current = fields.get(key)
        sub = _YAML_KEY.match(item)
        if sub and current is None:  # a nested mapping: its scalars as "key.sub"
            value = item[sub.end():].strip()
            if value and not value.startswith("#"):
                fields[f"{key}.{_key_name(sub)}"] = _scalar_or_list(value)
            continue
        if item.startswith("-") and (current is None or isinstance(current, list)) and item[1:2] in ("", " ", "\t"):
            fields[key] = [*(current or []), _unquote(item[1:].strip())]
        elif isinstance(current, str) or current is None:
            fields[key] = f"{current} {item}" if current else item
    if not seen_key:
        return None
    return {k: v for k, v in fields.items() if v not in (None, "", [])}


def _key_name(m: re.Match[str]) -> str:
    """The key a :data:`_YAML_KEY` match names, without its colon and quotes."""
    return m.group(0).rstrip(" \t:").strip("\"'")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner.replace('\\"', '"').replace("\\\\", "\\")
    return value


def _scalar_or_list(value: str) -> str | list[str]:
    if value.startswith("[") and value.endswith("]"):
        return [_unquote(x.strip()) for x in value[1:-1].split(",") if x.strip()]
    return _unquote(value)


def document_meta(fields: dict[str, Any]) -> dict[str, str]:
    """The documents-table fields a front matter names (see :data:`META_KEYS`).

    >>> document_meta({"Title": "标题", "date": "2020-03-01", "from": "https://a.cn/1", "authors": ["甲", "乙"]})
    {'title': '标题', 'published': '2020-03-01', 'author': '甲, 乙', 'url': 'https://a.cn/1'}
    """
    lower = {k.lower(): v for k, v in fields.items()}
    out: dict[str, str] = {}
    for name, keys in META_KEYS.items():
        for k in keys:
            v = lower.get(k)
            if isinstance(v, list):
                v = ", ".join(v)
            if not isinstance(v, str) or not v.strip():
                continue
            if name == "url" and not _URL.match(v.strip()):
                continue
            out[name] = v.strip()
            break
    return out


def front_matter_blocks(text: str) -> list[FrontMatter]:
    """The front-matter blocks ``text`` opens with: the first, and any that follows it
    directly (a post saved with its metadata twice). Offsets are in ``text``.

    >>> [(b.start, b.end) for b in front_matter_blocks("---\\na: 1\\n---\\n+++\\nb = 2\\n+++\\n正文。")]
    [(0, 13), (13, 27)]
    """
    blocks: list[FrontMatter] = []
    pos = 0
    while (fm := find_front_matter(text, pos)) is not None:
        blocks.append(fm)
        pos = fm.end
    return blocks


def front_matter_end(text: str) -> int:
    """Where the text after the front matter ``text`` opens with starts (0 if none).

    >>> front_matter_end("---\\ntitle: 标题\\n---\\n正文。"), front_matter_end("正文。")
    (18, 0)
    """
    blocks = front_matter_blocks(text)
    return blocks[-1].end if blocks else 0


