"""Django's account pages with GreenGate's limits: a password reset sends a bounded number of
emails per address and per client (core/clients.py)."""

from __future__ import annotations

import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse, HttpResponseRedirect

from core.clients import client_ip, password_reset_allowed

logger = logging.getLogger(__name__)


class PasswordResetView(auth_views.PasswordResetView):
    """Over the limit, no email is sent and the page is the one every request gets ("if an
    account uses that address, a link is on its way"), so the answer never tells whether an
    account uses the address, nor whether the limit was reached."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        if password_reset_allowed(request=self.request, email=email):
            return super().form_valid(form)
        logger.warning(
            "Password reset not sent: rate limit reached (client %s).", client_ip(self.request)
        )
        return HttpResponseRedirect(self.get_success_url())
