"""Classe à 12 resources service."""
__version__ = "0.1.0"
