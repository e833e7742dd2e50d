"""Import of the official school directory (Annuaire de l'éducation, open data)."""
