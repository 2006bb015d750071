"""The supplier's own profile in the portal: contacts and operating sites (not its registration)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.portal.forms import ContactForm
from core.decorators import supplier_required
from core.errors import ApplicationError
from core.permissions import acting_user
from suppliers import services as supplier_services
from suppliers.forms import SiteFormSet
from suppliers.models import Supplier


@supplier_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    supplier = request.user.supplier_membership.supplier  # type: ignore[union-attr]
    form = ContactForm(request.POST or None, instance=supplier)
    formset = SiteFormSet(request.POST or None, instance=supplier, prefix="sites")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        sites: list[dict[str, Any]] = []
        for site_form in formset.forms:
            data = site_form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            row = {"name": data["name"], "address": data["address"], "country": data["country"]}
            if data.get("id") is not None:
                row["id"] = data["id"].pk
            sites.append(row)
        try:
            supplier_services.supplier_update(
                supplier=Supplier.objects.get(pk=supplier.pk),
                updated_by=acting_user(request),
                sites=sites,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your company profile was saved."))
            return redirect("portal:profile")
    return render(
        request,
        "portal/profile.html",
        {"supplier": supplier, "form": form, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )
