"""Classe à 12 shared kernel: the small set of technical helpers every service uses.

No business logic lives here. Services never import each other, only this kernel.
"""
__version__ = "0.1.0"
