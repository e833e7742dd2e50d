"""Classe à 12 community service."""
__version__ = "2.1.0"
