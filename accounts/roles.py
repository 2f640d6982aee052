"""The portal's roles that are Django groups. Organisation roles live in Membership."""

STAFF_GROUP = "Alliance staff"
COMMISSIONER_GROUP = "Commissioners"

ROLE_GROUPS = {"staff": STAFF_GROUP, "commissioner": COMMISSIONER_GROUP}

# The cache family bumped when anyone's groups change (accounts.signals): the roles kept
# for the navigation and the permission checks are read again.
ROLES_CACHE_FAMILY = "roles"
