"""Questionnaires and their versions. A published version never changes meaning.

The content of a version (areas, questions, choices, table columns) is stored as rows, so later
answers can point at questions; `assessments.questionnaires.definitions` is its portable form.
Rows of a version that is not a draft refuse to be saved or deleted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessments.errors import VersionImmutableError
from assessments.questionnaires.definitions import (
    COLUMN_TYPES,
    CRITICALITIES,
    QUESTION_TYPES,
    SCORING_RULES,
)


def _localized(obj: Any, field: str) -> str:
    language = get_language() or ""
    return str(getattr(obj, f"{field}_zh" if language.startswith("zh") else f"{field}_en"))


class Questionnaire(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("English name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localized(self, "name")


class QuestionnaireVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("based on"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    # The code of conduct the supplier acknowledges, part of the version's content (and hash).
    # Plain text: paragraphs separated by a blank line; a one-line paragraph that does not end
    # in punctuation is a heading (`definitions.code_of_conduct_sections`).
    code_of_conduct_en = models.TextField(_("code of conduct (English)"), blank=True)
    code_of_conduct_zh = models.TextField(_("code of conduct (Chinese)"), blank=True)

    class Meta:
        ordering = ["questionnaire", "-number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        permissions = [("publish_questionnaireversion", _("Can publish questionnaire versions"))]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "retired"]),
                name="questionnaire_version_status_valid",
            ),
            # A published (or retired) version always carries the hash of its content.
            models.CheckConstraint(
                condition=Q(status="draft") | ~Q(content_hash=""),
                name="questionnaire_version_hash_when_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The code is content: once published it changes no more than the questions do.
        if self.pk is not None:
            stored = (
                QuestionnaireVersion.objects.filter(pk=self.pk)
                .values_list("status", "code_of_conduct_en", "code_of_conduct_zh")
                .first()
            )
            if (
                stored is not None
                and stored[0] != self.Status.DRAFT
                and stored[1:] != (self.code_of_conduct_en, self.code_of_conduct_zh)
            ):
                raise VersionImmutableError(
                    str(_("Version %(number)s is %(status)s: its content cannot change."))
                    % {"number": self.number, "status": stored[0]}
                )
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def code_of_conduct(self) -> str:
        """The code in the user's language, or in the other one when that is empty."""
        chinese = (get_language() or "").startswith("zh")
        first, second = (
            (self.code_of_conduct_zh, self.code_of_conduct_en)
            if chinese
            else (self.code_of_conduct_en, self.code_of_conduct_zh)
        )
        return first or second


class VersionContent(models.Model):
    """Content rows of a version: editable only while the version is a draft."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._check_draft()
        return super().delete(*args, **kwargs)

    def _version(self) -> QuestionnaireVersion:
        raise NotImplementedError

    def _check_draft(self) -> None:
        version = self._version()
        status = (
            QuestionnaireVersion.objects.filter(pk=version.pk)
            .values_list("status", flat=True)
            .first()
        )
        if status is not None and status != QuestionnaireVersion.Status.DRAFT:
            raise VersionImmutableError(
                str(_("Version %(number)s is %(status)s: its content cannot change."))
                % {"number": version.number, "status": status}
            )


class Area(VersionContent):
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="areas"
    )
    code = models.CharField(_("code"), max_length=40)
    title_en = models.CharField(_("English title"), max_length=200)
    title_zh = models.CharField(_("Chinese title"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=3)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="area_unique_code"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="area_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def _version(self) -> QuestionnaireVersion:
        return self.version

    @property
    def title(self) -> str:
        return _localized(self, "title")


class Question(VersionContent):
    class Type(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no")
        SINGLE_CHOICE = "single_choice", _("One choice")
        MULTI_CHOICE = "multi_choice", _("Several choices")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Text")
        DATE = "date", _("Date")
        FILE = "file", _("Documents")
        TABLE = "table", _("Table")

    class Criticality(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        CRITICAL_IF_APPLICABLE = "critical_if_applicable", _("Critical if applicable")
        SCORED = "scored", _("Scored")
        INFO = "info", _("Information only")

    class Scoring(models.TextChoices):
        NONE = "none", _("Not scored")
        YES_NO = "yes_no", _("Points for yes / no")
        CHOICE = "choice", _("Points per choice")
        BANDS = "bands", _("Numeric bands")
        EVIDENCE = "evidence", _("Answered with accepted evidence")
        ANSWERED = "answered", _("Answered")

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions"
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveIntegerField(_("order"))
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    text_en = models.TextField(_("English text"))
    text_zh = models.TextField(_("Chinese text"))
    help_en = models.TextField(_("English help"), blank=True)
    help_zh = models.TextField(_("Chinese help"), blank=True)
    is_required = models.BooleanField(_("required"), default=True)
    criticality = models.CharField(
        _("criticality"), max_length=30, choices=Criticality.choices, default=Criticality.SCORED
    )
    categories = models.JSONField(_("categories"), default=list, blank=True)
    condition = models.JSONField(_("condition"), null=True, blank=True)
    # A critical item cannot allow "not applicable": validation and the editor refuse it. No
    # database constraint, as versions published before that rule keep their meaning.
    allows_not_applicable = models.BooleanField(_("allows not applicable"), default=False)
    requires_evidence = models.BooleanField(_("requires evidence"), default=False)
    # A permit or certificate: each document states its validity (see definitions.py).
    requires_validity = models.BooleanField(_("documents state their validity"), default=False)
    scoring = models.CharField(
        _("scoring rule"), max_length=20, choices=Scoring.choices, default=Scoring.NONE
    )
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2, default=0)
    points_yes = models.DecimalField(
        _("points for yes"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    points_no = models.DecimalField(
        _("points for no"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    bands = models.JSONField(_("bands"), default=list, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    data_quality = models.BooleanField(_("takes a data-quality flag"), default=False)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_unique_code"),
            models.CheckConstraint(
                condition=Q(type__in=list(QUESTION_TYPES)), name="question_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(criticality__in=list(CRITICALITIES)), name="question_criticality_valid"
            ),
            models.CheckConstraint(
                condition=Q(scoring__in=list(SCORING_RULES)), name="question_scoring_valid"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0) & Q(max_points__lte=100),
                name="question_max_points_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    def _version(self) -> QuestionnaireVersion:
        return self.version

    @property
    def text(self) -> str:
        return _localized(self, "text")

    @property
    def help(self) -> str:
        return _localized(self, "help")


class Column(VersionContent):
    """A column of a table question (one row per permit, fuel, waste stream...)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="columns")
    code = models.CharField(_("code"), max_length=40)
    type = models.CharField(_("type"), max_length=20, choices=[(t, t) for t in COLUMN_TYPES])
    label_en = models.CharField(_("English label"), max_length=200)
    label_zh = models.CharField(_("Chinese label"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    is_required = models.BooleanField(_("required"), default=True)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("table column")
        verbose_name_plural = _("table columns")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="column_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}.{self.code}"

    def _version(self) -> QuestionnaireVersion:
        return self.question.version

    @property
    def label(self) -> str:
        return _localized(self, "label")


class Choice(VersionContent):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    column = models.ForeignKey(
        Column, on_delete=models.CASCADE, null=True, blank=True, related_name="choices"
    )
    code = models.CharField(_("code"), max_length=40)
    label_en = models.CharField(_("English label"), max_length=300)
    label_zh = models.CharField(_("Chinese label"), max_length=300)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=0)
    # "None of these": on a multi-choice question it cannot be ticked with another choice.
    is_exclusive = models.BooleanField(_("excludes the other choices"), default=False)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"],
                condition=Q(column__isnull=True),
                name="choice_unique_code_per_question",
            ),
            models.UniqueConstraint(
                fields=["column", "code"],
                condition=Q(column__isnull=False),
                name="choice_unique_code_per_column",
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(points__lte=100), name="choice_points_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def _version(self) -> QuestionnaireVersion:
        return self.question.version

    @property
    def label(self) -> str:
        return _localized(self, "label")
