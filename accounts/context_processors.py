"""What the navigation needs to show each role what it may use."""

from django.utils.functional import SimpleLazyObject

from . import permissions


def navigation(request):
    user = request.user

    def build() -> dict:
        if not user.is_authenticated:
            return {"is_staff": False, "is_commissioner": False, "organisations": []}
        memberships = permissions.memberships_by_org(user).values()
        return {
            "is_staff": permissions.is_alliance_staff(user),
            "is_commissioner": permissions.is_commissioner(user),
            "organisations": sorted(
                (m.organisation for m in memberships), key=lambda o: o.name.casefold()
            ),
        }

    return {"nav": SimpleLazyObject(build)}
