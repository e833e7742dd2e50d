"""Classe à 12 contracts: what services agree on, as data (no framework, no business vocabulary).

- `errors`: the typed error codes every RPC may answer, and how they travel on the wire;
- `headers`: the AMQP header names of the call context (acting user, request id, deadline);
- `envelope`: the event envelope;
- `registry` and `validation`: JSON Schemas by URN, and validation with French messages;
- `documents`: a service's AsyncAPI contract read as operations and events;
- `schemas/`: the platform's own schemas and a frozen copy of every published event schema
  and shared format (`schemas/published/`).
"""
__version__ = "1.0.0"
