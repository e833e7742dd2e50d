"""Classe à 12 evaluation service."""
__version__ = "0.1.0"
