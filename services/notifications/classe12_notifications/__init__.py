"""Classe à 12 notifications service."""
__version__ = "1.7.0"
