"""Companion: a break-and-breathing companion for call-centre agents."""

__version__ = "0.1.0"
APP_NAME = "Companion"
