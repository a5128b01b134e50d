"""The toolkit's version, read by the build backend and by ``toolkit --version``."""

__version__ = "0.1.0"
