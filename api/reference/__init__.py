"""Reference data for the open data API: the licence row (OGL v3.0 unless staff set
another) and what alliance staff may change in the admin."""

from ..models import OpenDataLicence

STAFF_PERMISSIONS = ["api.view_opendatalicence", "api.change_opendatalicence"]


def load() -> dict[str, int]:
    from accounts.reference import grant_group_permissions
    from accounts.roles import STAFF_GROUP

    created = 0
    if not OpenDataLicence.objects.exists():
        OpenDataLicence().save()
        created = 1
    grant_group_permissions(STAFF_GROUP, STAFF_PERMISSIONS)
    return {"licence": created}
