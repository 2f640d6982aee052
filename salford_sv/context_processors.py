"""What the site navigation needs to show each role what it may use (every page)."""

from django.utils.functional import SimpleLazyObject

from accounts import permissions


def navigation(request):
    # A page rendered before the authentication middleware ran (a 404 for a missing
    # static file, say) has no user: it is shown as to a visitor, as Django's auth does.
    user = getattr(request, "user", None)

    def build() -> dict:
        if user is None or not user.is_authenticated:
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
