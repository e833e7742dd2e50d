"""Classe à 12 community service."""
__version__ = "0.1.0"
