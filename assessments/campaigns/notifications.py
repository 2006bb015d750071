"""Emails to supplier contacts, in Chinese and English in one message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessments.models import Invitation
from core.validators import single_line


def bilingual_body(template: str, context: dict[str, Any]) -> str:
    """The template rendered in Chinese, then in English, in one text."""
    parts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            parts.append(render_to_string(template, context).strip())
    return "\n\n----------------------------------------\n\n".join(parts)


def bilingual_subject(template: str, context: dict[str, Any]) -> str:
    """The one-line template in Chinese, then in English: "中文 / English".

    Made one line whatever the names in it hold: a subject with a line break makes Django's
    mail raise BadHeaderError.
    """
    parts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            parts.append(single_line(render_to_string(template, context)))
    return " / ".join(parts)


def invitation_send(*, invitation_id: int, token: str) -> Invitation | None:
    """Send (or re-send) an invitation email; a used or expired invitation is not sent."""
    invitation = Invitation.objects.select_related("supplier", "assessment__campaign").get(
        pk=invitation_id
    )
    if not invitation.is_usable:
        return None
    context = {
        "invitation": invitation,
        "supplier": invitation.supplier,
        "assessment": invitation.assessment,
        "link": f"{settings.SITE_URL.rstrip('/')}/portal/invitations/{token}/",
    }
    send_mail(
        subject=bilingual_subject("portal/email/invitation_subject.txt", context),
        message=bilingual_body("portal/email/invitation_body.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    return invitation
