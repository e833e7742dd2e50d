"""Classe à 12 evaluation service."""
__version__ = "1.1.0"
