"""Campaigns: create, launch (one assessment per supplier, invitations queued), extend, close."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.campaigns import selectors as campaign_selectors
from assessments.campaigns.events import event_record
from assessments.errors import AssessmentStateError, CampaignInvalidError, InvitationInvalidError
from assessments.models import Assessment, Campaign, Event, Invitation, QuestionnaireVersion
from core.permissions import SUPPLIER_ARCHIVED_MESSAGE
from core.validators import validate_single_line
from suppliers.models import Supplier, SupplierMembership

FILTER_KEYS = ("category", "region", "status")


def campaign_date_errors(
    *,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    due_on: datetime.date | None,
    today: datetime.date | None = None,
) -> dict[str, list[str]]:
    """The dates of a campaign: the period ends after it starts; the due date is after today
    (suppliers need time to answer) and after the period starts. Missing dates are skipped."""
    today = today or timezone.localdate()
    fields: dict[str, list[str]] = {}
    if period_start is not None and period_end is not None and period_end <= period_start:
        fields["period_end"] = [_("The reporting period must end after it starts.")]
    if due_on is not None:
        due_errors = []
        if due_on <= today:
            due_errors.append(_("The due date must be after today."))
        if period_start is not None and due_on <= period_start:
            due_errors.append(_("The due date must be after the reporting period starts."))
        if due_errors:
            fields["due_on"] = due_errors
    return fields


def campaign_errors(
    *,
    name: str,
    questionnaire_version: QuestionnaireVersion,
    period_start: datetime.date,
    period_end: datetime.date,
    due_on: datetime.date,
    supplier_ids: Iterable[int] = (),
    supplier_filters: dict[str, Any] | None = None,
    based_on: Campaign | None = None,
) -> dict[str, list[str]]:
    """Every problem of a campaign's settings, by field (create and edit, form and service)."""
    fields: dict[str, list[str]] = {}
    # Prefilled from an earlier campaign's approved answers (`prefill`): a launched or closed
    # one (a draft, this one included, has no answers).
    if based_on is not None and based_on.status == Campaign.Status.DRAFT:
        fields["based_on"] = [_("Base the campaign on an earlier, launched campaign.")]
    try:
        validate_single_line(name)
    except ValidationError as exc:
        fields["name"] = exc.messages
    if questionnaire_version.status != QuestionnaireVersion.Status.PUBLISHED:
        fields["questionnaire_version"] = [_("Choose a published questionnaire version.")]
    fields.update(
        campaign_date_errors(period_start=period_start, period_end=period_end, due_on=due_on)
    )
    filters = {key: value for key, value in (supplier_filters or {}).items() if value}
    unknown = sorted(set(filters) - set(FILTER_KEYS))
    if unknown:
        fields["supplier_filters"] = [
            _("Unknown filters: %(keys)s.") % {"keys": ", ".join(unknown)}
        ]
    ids = sorted(set(supplier_ids))
    if not ids and not filters:
        fields["suppliers"] = [_("Pick suppliers, or filter them by category, region or status.")]
    found = set(Supplier.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if set(ids) - found:
        fields["suppliers"] = [
            _("Unknown supplier ids: %(ids)s.") % {"ids": sorted(set(ids) - found)}
        ]
    return fields


@transaction.atomic
def campaign_create(
    *,
    name: str,
    questionnaire_version: QuestionnaireVersion,
    period_start: datetime.date,
    period_end: datetime.date,
    due_on: datetime.date,
    created_by: User | None,
    supplier_ids: Iterable[int] = (),
    supplier_filters: dict[str, Any] | None = None,
    based_on: Campaign | None = None,
) -> Campaign:
    """A campaign pins one published questionnaire version and chooses its suppliers; based on
    an earlier campaign, its assessments start from the approved answers there."""
    ids = sorted(set(supplier_ids))
    fields = campaign_errors(
        name=name,
        questionnaire_version=questionnaire_version,
        period_start=period_start,
        period_end=period_end,
        due_on=due_on,
        supplier_ids=ids,
        supplier_filters=supplier_filters,
        based_on=based_on,
    )
    if fields:
        raise CampaignInvalidError(_("The campaign is not valid."), fields=fields)
    campaign = Campaign.objects.create(
        name=name,
        questionnaire_version=questionnaire_version,
        period_start=period_start,
        period_end=period_end,
        due_on=due_on,
        supplier_filters={key: value for key, value in (supplier_filters or {}).items() if value},
        created_by=created_by,
        based_on=based_on,
    )
    campaign.suppliers.set(ids)
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    name: str,
    questionnaire_version: QuestionnaireVersion,
    period_start: datetime.date,
    period_end: datetime.date,
    due_on: datetime.date,
    supplier_ids: Iterable[int] = (),
    supplier_filters: dict[str, Any] | None = None,
    based_on: Campaign | None = None,
) -> Campaign:
    """Only a draft is edited: once launched, its suppliers have their assessments."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.DRAFT:
        raise AssessmentStateError(_("Only a draft campaign can be edited."))
    ids = sorted(set(supplier_ids))
    fields = campaign_errors(
        name=name,
        questionnaire_version=questionnaire_version,
        period_start=period_start,
        period_end=period_end,
        due_on=due_on,
        supplier_ids=ids,
        supplier_filters=supplier_filters,
        based_on=based_on,
    )
    if fields:
        raise CampaignInvalidError(_("The campaign is not valid."), fields=fields)
    campaign.based_on = based_on
    campaign.name = name
    campaign.questionnaire_version = questionnaire_version
    campaign.period_start = period_start
    campaign.period_end = period_end
    campaign.due_on = due_on
    campaign.supplier_filters = {
        key: value for key, value in (supplier_filters or {}).items() if value
    }
    campaign.save()
    campaign.suppliers.set(ids)
    return campaign


@transaction.atomic
def campaign_delete(*, campaign: Campaign) -> None:
    """Only a draft is deleted: a launched campaign has assessments and sent invitations."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.DRAFT or campaign.assessments.exists():
        raise AssessmentStateError(
            _("Only a draft campaign can be deleted: this one was launched already.")
        )
    campaign.delete()


@dataclass
class LaunchResult:
    assessments_created: int
    invitations_queued: int


@transaction.atomic
def campaign_launch(*, campaign: Campaign, launched_by: User | None) -> LaunchResult:
    """One assessment per target supplier (never two), each with an invitation to its contact.

    Launching again after more suppliers match adds only the new ones.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == Campaign.Status.CLOSED:
        raise AssessmentStateError(_("This campaign is closed."))
    if campaign.questionnaire_version.status != QuestionnaireVersion.Status.PUBLISHED:
        raise AssessmentStateError(
            _("The campaign's questionnaire version is no longer published.")
        )
    # The same selector gives the count the confirmation states ("This emails 214 suppliers").
    targets = campaign_selectors.campaign_invitees(campaign=campaign)
    acknowledged = _first_acknowledgements(targets)
    created = invited = 0
    new_assessments: list[Assessment] = []
    for supplier in targets.iterator():
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(
                    campaign=campaign,
                    supplier=supplier,
                    version=campaign.questionnaire_version,
                    due_on=campaign.due_on,
                )
        except IntegrityError:
            continue  # launched concurrently: that supplier has its assessment already
        created += 1
        new_assessments.append(assessment)
        event_record(assessment=assessment, kind=Event.Kind.CREATED, actor=launched_by)
        invitation_create(
            supplier=supplier,
            assessment=assessment,
            email=supplier.contact_email,
            created_by=launched_by,
        )
        invited += 1
        if supplier.pk in acknowledged:
            assessment_carry_acknowledgement(
                assessment=assessment, source=acknowledged[supplier.pk]
            )
    # Imported here: prefill's services build on the answers' and review's, which import these.
    from assessments.prefill.services import assessments_carry_forward

    assessments_carry_forward(campaign=campaign, assessments=new_assessments, actor=launched_by)
    campaign.status = Campaign.Status.LAUNCHED
    campaign.launched_at = campaign.launched_at or timezone.now()
    campaign.save(update_fields=["status", "launched_at"])
    return LaunchResult(assessments_created=created, invitations_queued=invited)


def _first_acknowledgements(suppliers: QuerySet[Supplier]) -> dict[int, Assessment]:
    """Per supplier, its assessment that acknowledged the code of conduct first (one query)."""
    first: dict[int, Assessment] = {}
    for assessment in (
        Assessment.objects.filter(supplier__in=suppliers, code_acknowledged_at__isnull=False)
        .select_related("code_acknowledged_by")
        .order_by("code_acknowledged_at", "pk")
    ):
        first.setdefault(assessment.supplier_id, assessment)
    return first


@transaction.atomic
def assessment_carry_acknowledgement(*, assessment: Assessment, source: Assessment) -> Assessment:
    """The code of conduct is acknowledged once per supplier: `assessment` carries `source`'s.

    Carried when the assessment is created and when the supplier acknowledges another one, so
    that opening a page never has to write it.
    """
    assessment.code_acknowledged_at = source.code_acknowledged_at
    assessment.code_acknowledged_by_id = source.code_acknowledged_by_id
    # The code that was read is the source's version's, whichever version this one pins.
    assessment.code_acknowledged_version_id = source.code_acknowledged_version_id
    assessment.save(
        update_fields=[
            "code_acknowledged_at",
            "code_acknowledged_by",
            "code_acknowledged_version",
            "updated_at",
        ]
    )
    event_record(
        assessment=assessment,
        kind=Event.Kind.CODE_ACKNOWLEDGED,
        actor=source.code_acknowledged_by,
        via=Event.Via.SYSTEM,
        carried_from_assessment=source.pk,
    )
    return assessment


@transaction.atomic
def campaign_extend(
    *, campaign: Campaign, due_on: datetime.date, changed_by: User | None
) -> Campaign:
    """A new due date for the campaign and its open assessments; overdue flags are re-evaluated."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == Campaign.Status.CLOSED:
        raise AssessmentStateError(_("This campaign is closed."))
    errors = campaign_date_errors(
        period_start=campaign.period_start, period_end=None, due_on=due_on
    )
    if errors:
        raise CampaignInvalidError(errors["due_on"][0], fields=errors)
    old = campaign.due_on
    campaign.due_on = due_on
    campaign.save(update_fields=["due_on"])
    today = timezone.localdate()
    for assessment in campaign.assessments.open():
        assessment.due_on = due_on
        assessment.is_overdue = due_on < today
        assessment.save(update_fields=["due_on", "is_overdue", "updated_at"])
        event_record(
            assessment=assessment,
            kind=Event.Kind.DUE_DATE_CHANGED,
            actor=changed_by,
            old=old.isoformat(),
            new=due_on.isoformat(),
        )
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    """Close the campaign: from then on its suppliers answer, upload and submit nothing more."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == Campaign.Status.CLOSED:
        raise AssessmentStateError(_("This campaign is closed already."))
    campaign.status = Campaign.Status.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at"])
    return campaign


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_create(
    *,
    supplier: Supplier,
    email: str,
    created_by: User | None,
    assessment: Assessment | None = None,
    language: str = "zh-hans",
) -> tuple[Invitation, str]:
    """A one-time link for `email`; the email (Chinese and English) is sent after commit."""
    from assessments.tasks import invitation_send_task

    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        supplier=supplier,
        assessment=assessment,
        email=email,
        token_hash=_token_hash(token),
        language=language,
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
        created_by=created_by,
    )
    if assessment is not None:
        event_record(assessment=assessment, kind=Event.Kind.INVITED, actor=created_by, email=email)
    invitation_id = invitation.pk
    transaction.on_commit(lambda: invitation_send_task.delay(invitation_id, token))
    return invitation, token


def invitation_get(*, token: str) -> Invitation:
    """The invitation behind a link, if it can still be used; a clear error otherwise."""
    invitation = (
        Invitation.objects.select_related("supplier").filter(token_hash=_token_hash(token)).first()
    )
    if invitation is None:
        raise InvitationInvalidError(_("This invitation link is not valid."))
    if invitation.supplier.is_archived:
        raise InvitationInvalidError(str(SUPPLIER_ARCHIVED_MESSAGE))
    if invitation.accepted_at is not None:
        raise InvitationInvalidError(
            _("This invitation link was used already. Log in with your email and password.")
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalidError(
            _("This invitation link has expired. Ask your contact at the customer for a new one.")
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """The contact sets a password and becomes a supplier user; the username is the email."""
    invitation = invitation_get(token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationInvalidError(_("This invitation link was used already."))
    username = invitation.email.lower()
    if User.objects.filter(username__iexact=username).exists():
        raise InvitationInvalidError(
            _("An account with this email exists already: log in, or reset its password."),
            fields={"username": [_("An account with this email exists already.")]},
        )
    user = User(username=username, email=invitation.email)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvitationInvalidError(
            _("Choose another password."), fields={"password": list(exc.messages)}
        ) from exc
    user.set_password(password)
    user.save()
    SupplierMembership.objects.create(user=user, supplier=invitation.supplier)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    if invitation.assessment is not None:
        event_record(
            assessment=invitation.assessment, kind=Event.Kind.INVITATION_ACCEPTED, actor=user
        )
    return user


@transaction.atomic
def invitation_resend(*, assessment: Assessment, email: str, sent_by: User | None) -> Invitation:
    """A fresh link for `email` (the contact, or a colleague); older unused links stop working.

    Every unused link of the supplier for this assessment stops working, whoever it went to (a
    contact who left must not join after the contact was changed), and so does every unused link
    of the supplier to `email`.
    """
    email = email.strip()
    try:
        validate_email(email)
        if len(email) > 254:
            raise ValidationError("too long")
    except ValidationError as exc:
        raise InvitationInvalidError(
            _("Enter an email address."), fields={"email": [_("Enter an email address.")]}
        ) from exc
    if User.objects.filter(username__iexact=email).exists():
        raise InvitationInvalidError(
            _("%(email)s has an account already: they can log in (or reset their password).")
            % {"email": email},
            fields={"email": [_("This person has an account already.")]},
        )
    now = timezone.now()
    Invitation.objects.filter(
        Q(assessment=assessment) | Q(email__iexact=email),
        supplier=assessment.supplier,
        accepted_at__isnull=True,
        expires_at__gt=now,
    ).update(expires_at=now)
    invitation, _token = invitation_create(
        supplier=assessment.supplier, assessment=assessment, email=email, created_by=sent_by
    )
    return invitation
