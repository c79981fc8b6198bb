"""Models (written in #6)."""
