"""Who may be what. Self-chosen roles at sign-up; privileged roles only granted by an admin."""

SELF_CHOSEN_ROLES = ("teacher", "director", "coordinator", "partner", "parent")
PRIVILEGED_ROLES = ("adviser", "researcher", "admin")
ALL_ROLES = SELF_CHOSEN_ROLES + PRIVILEGED_ROLES
