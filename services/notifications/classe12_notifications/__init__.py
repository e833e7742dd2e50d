"""Classe à 12 notifications service."""
__version__ = "1.6.0"
