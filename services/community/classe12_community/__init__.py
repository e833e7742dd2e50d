"""Classe à 12 community service."""
__version__ = "1.0.0"
