"""allauth's sign-up, made atomic: the user, their email address and any organisation
they register are saved together or not at all."""

from allauth.account.views import SignupView as AllauthSignupView
from django.db import transaction
from django.utils.decorators import method_decorator

from .services import DuplicateOrganisation


@method_decorator(transaction.atomic, name="dispatch")
class SignupView(AllauthSignupView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DuplicateOrganisation as error:
            # Someone registered the same organisation between our check and the save:
            # undo the whole sign-up and offer to ask to join, as the form check does.
            transaction.set_rollback(True)
            form.existing_organisation = error.existing
            form.add_error("name", error.message)
            return self.form_invalid(form)
