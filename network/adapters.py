"""allauth adapter: sign-up is open to every teacher; the interface follows the member's language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from network.clientip import client_ip
from network.models import User, opaque_username


def user_display(user) -> str:
    """How allauth names a member ("Signed in as …", e-mails): her display name, never her username."""
    return str(user)


def chosen_language(user) -> str:
    """The language the member chose herself (sign-up, profile), or "": the default kk of a member created by an
    admin, who never chose, must not turn an English or Russian link into a Kazakh page."""
    return user.preferred_language if getattr(user, "language_chosen", False) else ""


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's per-address limits count the address network.clientip trusts (ORTAQ_TRUSTED_PROXIES)."""
        return client_ip(request) or super().get_client_ip(request)

    def populate_username(self, request, user):
        """A new member's username is opaque (network.models.opaque_username), never made from her e-mail."""
        if not user.username:
            user.username = opaque_username()

    def get_login_redirect_url(self, request):
        """After signing in, continue in the member's preferred language if she chose one (the sign-in page spoke
        the one it was reached from, and so does the next page otherwise); the language cookie follows."""
        url = super().get_login_redirect_url(request)
        language = (
            chosen_language(getattr(request, "user", None)) or translation.get_language() or settings.LANGUAGE_CODE
        )
        request.ortaq_language = language  # config.middleware.RememberLanguageMiddleware stores it in the cookie
        if url == "/":
            return f"/{language}/"
        return translate_url(url, language)

    def post_login(self, request, user, *, redirect_url=None, **kwargs):
        """A `next` page (e.g. /ru/forums/ after a "login required" redirect) opens in the member's language."""
        language = chosen_language(user)
        if redirect_url and language:
            request.ortaq_language = language
            redirect_url = translate_url(redirect_url, language)
        return super().post_login(request, user, redirect_url=redirect_url, **kwargs)

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails go out in the recipient's preferred language (a stranger's: the page's language)."""
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", "") or translation.get_language() or settings.LANGUAGE_CODE
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
