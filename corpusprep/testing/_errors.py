"""The error a strategy or check raises when it is called with arguments it cannot take."""

from __future__ import annotations

from ..errors import ConfigError

__all__ = ["InvalidArgument"]


class InvalidArgument(ConfigError, TypeError):
    """A strategy or check was given arguments it cannot take.

    Raised eagerly, when the strategy is built (not when it is drawn from), with a message
    that shows the offending values. It is a :class:`~corpusprep.errors.ConfigError` (so a
    ``ValueError``) and a ``TypeError``, like Hypothesis's own ``InvalidArgument``.

    >>> from corpusprep.errors import ConfigError
    >>> issubclass(InvalidArgument, ConfigError) and issubclass(InvalidArgument, TypeError)
    True
    """
