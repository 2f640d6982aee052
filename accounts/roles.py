"""The portal's roles that are Django groups. Organisation roles live in Membership."""

STAFF_GROUP = "Alliance staff"
COMMISSIONER_GROUP = "Commissioners"

ROLE_GROUPS = {"staff": STAFF_GROUP, "commissioner": COMMISSIONER_GROUP}
