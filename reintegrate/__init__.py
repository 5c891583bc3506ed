"""reintegrate: the domain core. Never imports textual or rich."""

__version__ = "0.1.0"
