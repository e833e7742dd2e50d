"""Classe à 12 resources service."""
__version__ = "2.0.0"
