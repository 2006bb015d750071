"""factory_boy factories: the supplier registry, questionnaires, campaigns, assessments, answers
and evidence.

Where a test depends on what a service does besides writing its row (events, invitations,
validation), the factory calls that service; the plain row factories are for data sets and for
states the services would refuse.
"""

import datetime
import hashlib
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import AuthToken

from assessments.answers.services import answer_save, evidence_upload
from assessments.campaigns.services import campaign_launch
from assessments.models import Answer, Assessment, Campaign, EvidenceDocument, QuestionnaireVersion
from assessments.questionnaires.services import version_create_from_definition, version_publish
from core import roles
from core.authentication import token_create
from suppliers.models import Category, Site, Supplier, SupplierMembership
from suppliers.validators import uscc_check_character
from tests.assessments.definitions import small_definition

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def make_uscc(number: int) -> str:
    """A well-formed Unified Social Credit Code, distinct for each number."""
    first_17 = f"91330100MA{number:07d}"
    return first_17 + uscc_check_character(first_17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("pw-for-tests-1")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def staff_user(role: str = roles.PROCUREMENT_OFFICER, **kwargs: object):  # type: ignore[no-untyped-def]
    return UserFactory(role=role, **kwargs)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.LazyAttribute(lambda c: c.slug.title())
    name_zh = factory.LazyAttribute(lambda c: f"类别{c.slug}")


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"供应商{n}有限公司")
    name_en = factory.Sequence(lambda n: f"Supplier {n} Co., Ltd.")
    country = "CN"
    registration_code = factory.Sequence(lambda n: make_uscc(n + 1))
    category = factory.LazyFunction(lambda: Category.objects.get(slug="logistics"))
    contact_name = "王芳"
    contact_email = factory.Sequence(lambda n: f"contact{n}@supplier.example.com")
    contact_phone = "+86 571 0000 0000"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    supplier = factory.SubFactory(SupplierFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    address = "1 Example Road"
    country = "CN"


def supplier_user(supplier: Supplier | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
    user = UserFactory(**kwargs)
    SupplierMembership.objects.create(user=user, supplier=supplier or SupplierFactory())
    return user


def api_token(user: Any, *, key: str | None = None) -> str:
    """An API token of the user, as POST /api/v1/auth/token/ issues it; `key` fixes its value
    (for data generated before the database exists)."""
    if key is None:
        return token_create(user=user)[1]
    AuthToken.objects.filter(digest=hash_token(key)).delete()
    AuthToken(
        digest=hash_token(key), token_key=key[:15], user=user,
        expiry=timezone.now() + datetime.timedelta(hours=1),
    ).save()  # fmt: skip
    return key


class QuestionnaireVersionFactory(factory.django.DjangoModelFactory):
    """A version of the small test questionnaire (or of `definition`), made by the real
    `version_create_from_definition` and published by `version_publish`; a draft with
    `is_published=False`. Each one is the next version of the questionnaire of its code."""

    class Meta:
        model = QuestionnaireVersion

    definition = factory.LazyFunction(small_definition)
    created_by = None
    is_published = True

    @classmethod
    def _create(  # type: ignore[override]
        cls, model_class: type, *, definition: dict[str, Any], created_by: Any, is_published: bool
    ) -> QuestionnaireVersion:
        version = version_create_from_definition(definition=definition, created_by=created_by)
        if is_published:
            version = version_publish(version=version, published_by=created_by)
        return version


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign row of `suppliers` (a draft unless `status` says otherwise), FY2026."""

    class Meta:
        model = Campaign

    name = "FY2026"
    questionnaire_version = factory.SubFactory(QuestionnaireVersionFactory)
    period_start = datetime.date(2026, 4, 1)
    period_end = datetime.date(2027, 3, 31)
    due_on = datetime.date(2027, 1, 31)
    created_by = None
    suppliers: Any = ()

    @classmethod
    def _create(cls, model_class: type, *args: Any, suppliers: Any = (), **kwargs: Any) -> Campaign:
        campaign = super()._create(model_class, *args, **kwargs)
        if suppliers:
            campaign.suppliers.set(suppliers)
        return campaign


class LaunchedCampaignFactory(CampaignFactory):
    """A campaign launched by the real `campaign_launch` (by `created_by`): one assessment per
    supplier, each with its `created` event and an invitation. The launch's on-commit work, which
    sends the invitations (under `celery_eager`), runs unless `send_invitations=False` leaves it
    pending, as it is after a launch inside a test's transaction."""

    send_invitations = True

    @classmethod
    def _create(
        cls, model_class: type, *args: Any, send_invitations: bool = True, **kwargs: Any
    ) -> Campaign:
        campaign = super()._create(model_class, *args, **kwargs)
        with TestCase.captureOnCommitCallbacks(execute=send_invitations):
            campaign_launch(campaign=campaign, launched_by=campaign.created_by)
        campaign.refresh_from_db()
        return campaign


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment row at any point of its life (`status`, `is_overdue`), written directly: no
    event, no invitation. LaunchedAssessmentFactory where the launch matters."""

    class Meta:
        model = Assessment

    campaign = factory.SubFactory(CampaignFactory, status=Campaign.Status.LAUNCHED)
    supplier = factory.SubFactory(SupplierFactory)
    version = factory.SelfAttribute("campaign.questionnaire_version")
    due_on = factory.SelfAttribute("campaign.due_on")


class LaunchedAssessmentFactory(factory.django.DjangoModelFactory):
    """The assessment of one supplier in a campaign launched for it alone
    (LaunchedCampaignFactory, set with `campaign__...`): invited, with its event and invitation;
    the code of conduct acknowledged (as it must be to answer) unless `acknowledged=False`."""

    class Meta:
        model = Assessment

    supplier = factory.SubFactory(SupplierFactory)
    campaign = factory.SubFactory(
        LaunchedCampaignFactory,
        suppliers=factory.LazyAttribute(lambda campaign: [campaign.factory_parent.supplier]),
    )
    acknowledged = True

    @classmethod
    def _create(  # type: ignore[override]
        cls, model_class: type, *, supplier: Supplier, campaign: Campaign, acknowledged: bool
    ) -> Assessment:
        assessment = campaign.assessments.get(supplier=supplier)
        return code_acknowledged(assessment) if acknowledged else assessment


class AnswerFactory(factory.django.DjangoModelFactory):
    """An answer row written directly (no validation, no revision check, no event): for data sets
    and values the services would refuse. SavedAnswerFactory where validation matters."""

    class Meta:
        model = Answer

    class Params:
        question_code = "A1.1"

    assessment = factory.SubFactory(AssessmentFactory)
    question = factory.LazyAttribute(
        lambda answer: answer.assessment.version.questions.get(code=answer.question_code)
    )
    value = None


def code_acknowledged(assessment: Assessment) -> Assessment:
    """The code of conduct acknowledged on `assessment` (written directly, no event), as the
    supplier must before answering; kept as it is when acknowledged already."""
    if assessment.code_acknowledged_at is None:
        assessment.code_acknowledged_at = timezone.now()
        Assessment.objects.filter(pk=assessment.pk).update(
            code_acknowledged_at=assessment.code_acknowledged_at
        )
    return assessment


class SavedAnswerFactory(factory.django.DjangoModelFactory):
    """An answer saved by the real `answer_save`: validated (a bad value raises), revisioned,
    with its `answer_saved` event; `not_applicable`, `justification`, `data_quality` and
    `supplier_response` go through as given. The code of conduct is acknowledged first."""

    class Meta:
        model = Answer

    assessment = factory.SubFactory(LaunchedAssessmentFactory)
    question_code = "A1.1"
    value = True
    user = None
    revision = None

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Answer:  # type: ignore[override]
        code_acknowledged(kwargs["assessment"])
        return answer_save(**kwargs)


class EvidenceDocumentFactory(factory.django.DjangoModelFactory):
    """An evidence document row with its stored file (`content`, stored as `stored_name`),
    written directly: any name, hash or review status. UploadedEvidenceFactory for an upload."""

    class Meta:
        model = EvidenceDocument

    class Params:
        content = PNG
        stored_name = "e.png"

    answer = factory.SubFactory(AnswerFactory, question_code="A1.3")
    original_name = "permit.png"
    file = factory.LazyAttribute(
        lambda document: ContentFile(document.content, document.stored_name)
    )
    size = factory.LazyAttribute(lambda document: len(document.content))
    sha256 = factory.LazyAttribute(lambda document: hashlib.sha256(document.content).hexdigest())
    content_type = "image/png"


class UploadedEvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence uploaded by the real `evidence_upload` (a file `name` with `content`): checked by
    content and size, stored under a generated name, with its `evidence_uploaded` event. The
    code of conduct is acknowledged first."""

    class Meta:
        model = EvidenceDocument

    class Params:
        name = "permit.png"
        content = PNG

    assessment = factory.SubFactory(LaunchedAssessmentFactory)
    question_code = "A1.3"
    file = factory.LazyAttribute(lambda upload: SimpleUploadedFile(upload.name, upload.content))
    user = None

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> EvidenceDocument:  # type: ignore[override]
        code_acknowledged(kwargs["assessment"])
        return evidence_upload(**kwargs)


def review_complete(assessment: Assessment, reviewer: Any = None) -> Any:
    """Accept every answer and document still waiting for review, area by area (as a reviewer
    does before an approver decides); returns the reviewer, a new one unless given."""
    from assessments.questionnaires.selectors import version_load
    from assessments.review.services import area_accept

    reviewer = reviewer or staff_user(roles.REVIEWER)
    for area in version_load(assessment.version).areas:
        area_accept(assessment=assessment, area_code=area.code, reviewer=reviewer)
    return reviewer
