"""digest: turn many overlapping news sources into one calm, deduplicated digest."""

__version__ = "0.1.0"
