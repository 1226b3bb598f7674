"""Bit counting in C; ``__version__`` is the version setuptools-scm wrote at build time."""
from ._bits import popcount
from ._version import version as __version__

__all__ = ["popcount", "__version__"]
