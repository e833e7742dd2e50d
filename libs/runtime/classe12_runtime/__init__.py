"""Classe à 12 runtime: what every service process needs around its own rules.

Settings, JSON logs, the call context, Mongo helpers and the unit of work, the transactional
outbox and its relay, leases and data migrations, and the nameko edge (`edge`), the only
module that imports nameko. No business rules: those live in each service.
"""
__version__ = "1.0.0"
