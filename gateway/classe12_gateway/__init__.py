"""Classe à 12 HTTP gateway."""
__version__ = "1.0.0"
