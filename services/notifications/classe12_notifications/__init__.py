"""Classe à 12 notifications service."""
__version__ = "0.1.0"
