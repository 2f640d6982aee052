"""allauth's sign-up, made atomic: the user, their email address and any organisation
they register are saved together or not at all."""

from allauth.account.views import SignupView as AllauthSignupView
from django.db import transaction
from django.utils.decorators import method_decorator


@method_decorator(transaction.atomic, name="dispatch")
class SignupView(AllauthSignupView):
    pass
