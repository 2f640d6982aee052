"""Give a person (or take away) the alliance staff or commissioner role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.roles import ROLE_GROUPS, STAFF_GROUP


class Command(BaseCommand):
    help = "Grant a role to the user with EMAIL: staff (alliance staff) or commissioner."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=sorted(ROLE_GROUPS))
        parser.add_argument("--revoke", action="store_true", help="Take the role away instead.")

    @transaction.atomic
    def handle(self, *args, email, role, revoke, **options):
        User = get_user_model()
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            raise CommandError(f"No user has the email address {email}.") from None
        group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
        if revoke:
            user.groups.remove(group)
            if group.name == STAFF_GROUP and not user.is_superuser:
                user.is_staff = False
                user.save(update_fields=["is_staff"])
            self.stdout.write(self.style.SUCCESS(f"{user.email} is no longer {group.name}."))
            return
        user.groups.add(group)
        if group.name == STAFF_GROUP:
            # Alliance staff edit reference data in the Django admin.
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        self.stdout.write(self.style.SUCCESS(f"{user.email} is now in {group.name}."))
