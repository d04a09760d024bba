"""allauth adapter: sign-up is open to every teacher; the interface follows the member's language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """After signing in, stay in the language of the page the member came from."""
        url = super().get_login_redirect_url(request)
        if url == "/":
            return f"/{translation.get_language() or 'kk'}/"
        return url
