"""The version of corpusprep: the one place it is written (``pyproject.toml`` reads it here).

A literal, not ``importlib.metadata.version()``: importing ``importlib.metadata`` costs every
process (each worker, the corpus pass's process) ~35 ms. A test checks that the installed
package's metadata says the same.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
