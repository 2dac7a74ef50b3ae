"""Plain-Python heart of Companion. Nothing in this package may import Qt
(checked by the import-linter contract in pyproject.toml)."""
