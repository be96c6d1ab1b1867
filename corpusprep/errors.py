"""Exception hierarchy: every error corpusprep raises is a :class:`CorpusprepError`.

Errors name the file (and line or row) and the problem, so that a reject row or a
log line is enough to find the bad input.

>>> try:
...     raise DecodeError("a.txt", "not valid UTF-8, GB18030, Big5 or UTF-16")
... except CorpusprepError as exc:
...     print(exc)
a.txt: not valid UTF-8, GB18030, Big5 or UTF-16
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "CorpusprepError",
    "DecodeError",
    "InputError",
    "OffsetError",
    "OutputError",
    "RuleError",
    "WorkerError",
]


class CorpusprepError(Exception):
    """Root of corpusprep's exceptions."""


class ConfigError(CorpusprepError, ValueError):
    """A pipeline, step or CLI option was given a value it cannot take."""


class RuleError(ConfigError):
    """A boilerplate rule file is malformed, or a rule fails its own examples."""


class OffsetError(CorpusprepError, ValueError):
    """Edits overlap, run past the text, or do not match the text they claim to replace."""


class InputError(CorpusprepError):
    """An input could not be read: missing, unreadable, malformed or unsupported.

    ``location`` names the file, and where useful the line or row, e.g. ``"a.jsonl:17"``.
    """

    def __init__(self, location: str, problem: str) -> None:
        super().__init__(f"{location}: {problem}")
        self.location = location
        self.problem = problem


class DecodeError(InputError):
    """The bytes of an input could not be decoded in any supported encoding."""


class OutputError(CorpusprepError):
    """An output (a dataset directory, a report file) cannot be created or written.

    ``location`` names the path, ``problem`` the reason, e.g. ``"Not a directory"``.
    """

    def __init__(self, location: str, problem: str) -> None:
        super().__init__(f"{location}: {problem}")
        self.location = location
        self.problem = problem


class WorkerError(CorpusprepError, RuntimeError):
    """A worker process died or could not start; the message names the likely cause."""
