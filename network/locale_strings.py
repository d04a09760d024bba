"""Strings that third-party code shows on Ortaq's pages, listed so our catalogues translate them.

allauth ships no Kazakh catalogue and Django's is incomplete; Django merges every app's catalogue,
and `network` comes first in INSTALLED_APPS, so these translations are the ones used.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = [
    # allauth forms and messages on the sign-in, sign-up and password pages
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Password"),
    gettext_noop("Password (again)"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Current Password"),
    gettext_noop("Remember Me"),
    gettext_noop("Forgot your password?"),
    gettext_noop("You must type the same password each time."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("A user is already registered with this email address."),
    gettext_noop("This account is currently inactive."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("You have signed out."),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("Password successfully changed."),
    # Django's password validators
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password must contain at least %(min_length)d characters."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This field is required."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Enter a valid email address."),
]
