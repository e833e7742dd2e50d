"""Classe à 12 resources service."""
__version__ = "1.0.0"
