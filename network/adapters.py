"""allauth adapter: sign-up is open to every teacher; the interface follows the member's language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from network.clientip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's per-address limits count the address network.clientip trusts (ORTAQ_TRUSTED_PROXIES)."""
        return client_ip(request) or super().get_client_ip(request)

    def get_login_redirect_url(self, request):
        """After signing in, stay in the language of the page the member came from."""
        url = super().get_login_redirect_url(request)
        if url == "/":
            return f"/{translation.get_language() or 'kk'}/"
        return url
