"""allauth's sign-up, made atomic: the user, their email address and any organisation
they register are saved together or not at all, and once per form."""

from allauth.account.views import SignupView as AllauthSignupView
from django.db import transaction
from django.shortcuts import redirect
from django.utils.decorators import method_decorator

from core import submissions
from core.errors import DomainError

from ..services import DuplicateOrganisation, email_release_unconfirmed


@method_decorator(transaction.atomic, name="dispatch")
class SignupView(AllauthSignupView):
    def post(self, request, *args, **kwargs):
        # An address someone else added to their account but never confirmed is not
        # theirs: it must not turn the owner's own sign-up away.
        email_release_unconfirmed(email=request.POST.get("email", ""))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = None

        def sign_up():
            nonlocal response
            response = AllauthSignupView.form_valid(self, form)
            return self.user

        try:
            submissions.once(self.request, sign_up)
        except DuplicateOrganisation as error:
            # Someone registered the same organisation between our check and the save:
            # undo the whole sign-up and offer to ask to join, as the form check does.
            transaction.set_rollback(True)
            form.existing_organisation = error.existing
            form.add_error("name", error.message)
            return self.form_invalid(form)
        except DomainError as error:  # the same form, sent before with other details
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if response is None:
            # The same form signed this person up a moment ago: answer as it did then.
            return redirect("account_email_verification_sent")
        return response
