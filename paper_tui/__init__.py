"""paper-tui: a terminal reader for daily AI-paper digests."""

__version__ = "0.1.0"
