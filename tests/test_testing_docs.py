"""docs/testing.md is a runnable example: its Python code blocks run, in order, as a test."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "testing.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(markdown: str) -> list[str]:
    """The bodies of the ```python fenced blocks, in order."""
    return _BLOCK.findall(markdown)


def test_docs_testing_md_runs() -> None:
    """Every python block of docs/testing.md runs without error in one shared namespace
    (later blocks use what earlier ones define; the last one calls the @given tests)."""
    blocks = python_blocks(DOC.read_text("utf-8"))
    assert len(blocks) >= 5, "docs/testing.md lost its examples"
    namespace: dict[str, object] = {"__name__": "docs_testing_md"}
    for i, block in enumerate(blocks):
        code = compile(block, f"{DOC.name}[python block {i}]", "exec")
        exec(code, namespace)  # noqa: S102 - running our own documentation is the point
    assert any(name.startswith("test_") for name in namespace)


def test_block_extraction() -> None:
    """Only python blocks are extracted (not bash or plain ones)."""
    md = "x\n```bash\nls\n```\n```python\na = 1\n```\n```\nplain\n```\n"
    assert python_blocks(md) == ["a = 1\n"]
