"""Staff pages for questionnaires: list, view, preview as a supplier, compare, clone, publish."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from assessments.errors import DefinitionInvalidError, VersionImmutableError, VersionStateError
from assessments.models import Question, QuestionnaireVersion
from assessments.questionnaires import selectors, services
from assessments.questionnaires.apis import definition_file_response, definition_from_upload
from assessments.questionnaires.comparison import diff_definitions
from assessments.questionnaires.conditions import visible_codes
from assessments.questionnaires.definitions import code_of_conduct_sections
from core.decorators import staff_required
from core.permissions import acting_user
from suppliers.models import Category


@staff_required("assessments.view_questionnaire")
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    questionnaires = selectors.questionnaire_list(user=request.user)
    return render(
        request,
        "assessments/questionnaires/questionnaire_list.html",
        {"questionnaires": questionnaires},
    )


def _grouped(version: QuestionnaireVersion) -> list[tuple[Any, list[Question]]]:
    areas, questions = selectors.version_content(version)
    by_area: dict[int, list[Question]] = {}
    for question in questions:
        by_area.setdefault(question.area_id, []).append(question)
    return [(area, by_area.get(area.pk, [])) for area in areas]


@staff_required("assessments.view_questionnaireversion")
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_get_for_user(user=request.user, version_id=version_id)
    siblings = version.questionnaire.versions.exclude(pk=version.pk).order_by("-number")
    return render(
        request,
        "assessments/questionnaires/version_detail.html",
        {
            "version": version,
            "areas": _grouped(version),
            "siblings": siblings,
            "categories": Category.objects.filter(is_active=True),
            "code_sections": code_of_conduct_sections(version.code_of_conduct),
        },
    )


def _preview_answers(request: HttpRequest, questions: list[Question]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in questions:
        key = f"q-{question.code}"
        if question.type == Question.Type.MULTI_CHOICE:
            values = request.GET.getlist(key)
            if values:
                answers[question.code] = values
            continue
        raw = request.GET.get(key, "").strip()
        if not raw:
            continue
        if question.type == Question.Type.YES_NO:
            answers[question.code] = raw == "true"
        elif question.type == Question.Type.NUMBER:
            try:
                answers[question.code] = Decimal(raw)
            except InvalidOperation:
                continue
        else:
            answers[question.code] = raw
    return answers


@staff_required("assessments.view_questionnaireversion")
def version_preview(request: HttpRequest, version_id: int) -> HttpResponse:
    """The questionnaire as a supplier of the chosen category sees it, conditions applied."""
    version = selectors.version_get_for_user(user=request.user, version_id=version_id)
    categories = list(Category.objects.filter(is_active=True))
    category = request.GET.get("category") or (categories[0].slug if categories else None)
    if category not in {c.slug for c in categories}:
        category = categories[0].slug if categories else None
    grouped = _grouped(version)
    questions = [question for _area, items in grouped for question in items]
    answers = _preview_answers(request, questions)
    visible = set(visible_codes(questions, category=category, answers=answers))
    shown = [(area, [q for q in items if q.code in visible]) for area, items in grouped]
    return render(
        request,
        "assessments/questionnaires/version_preview.html",
        {
            "version": version,
            "areas": [(area, items) for area, items in shown if items],
            "category": category,
            "categories": categories,
            "answers": answers,
            "visible_count": len(visible),
            "total_count": len(questions),
        },
    )


@staff_required("assessments.view_questionnaireversion")
def version_compare(request: HttpRequest) -> HttpResponse:
    versions = QuestionnaireVersion.objects.select_related("questionnaire").order_by(
        "questionnaire__code", "number"
    )
    old = new = None
    diff = None
    if request.GET.get("old") and request.GET.get("new"):
        try:
            old = selectors.version_get_for_user(user=request.user, version_id=request.GET["old"])
            new = selectors.version_get_for_user(user=request.user, version_id=request.GET["new"])
        except Http404:
            messages.error(request, _("Choose two versions to compare."))
        else:
            diff = diff_definitions(
                selectors.version_to_definition(old), selectors.version_to_definition(new)
            )
    return render(
        request,
        "assessments/questionnaires/version_compare.html",
        {"versions": versions, "old": old, "new": new, "diff": diff},
    )


@staff_required("assessments.add_questionnaireversion")
@require_POST
def version_clone(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_get_for_user(user=request.user, version_id=version_id)
    clone = services.version_clone(version=version, created_by=acting_user(request))
    messages.success(
        request,
        _("Draft version %(number)s created from version %(source)s.")
        % {"number": clone.number, "source": version.number},
    )
    return redirect("questionnaires:version", version_id=clone.pk)


@staff_required("assessments.publish_questionnaireversion")
@require_POST
def version_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_get_for_user(user=request.user, version_id=version_id)
    try:
        services.version_publish(version=version, published_by=acting_user(request))
    except DefinitionInvalidError as exc:
        return render(
            request,
            "assessments/questionnaires/version_errors.html",
            {"version": version, "errors": exc.errors, "message": exc.message},
            status=400,
        )
    except VersionStateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Version %(number)s published.") % {"number": version.number})
    return redirect("questionnaires:version", version_id=version.pk)


@staff_required("assessments.publish_questionnaireversion")
@require_POST
def version_retire(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_get_for_user(user=request.user, version_id=version_id)
    try:
        services.version_retire(version=version)
    except VersionStateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Version %(number)s retired.") % {"number": version.number})
    return redirect("questionnaires:version", version_id=version.pk)


@staff_required("assessments.view_questionnaireversion")
def version_export(request: HttpRequest, version_id: int, kind: str) -> HttpResponse:
    if kind not in ("xlsx", "json"):
        raise Http404("Unknown format.")
    version = selectors.version_get_for_user(user=request.user, version_id=version_id)
    return definition_file_response(version, kind)


class DefinitionUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Definition file (.xlsx or .json)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.json"}),
    )


@staff_required("assessments.add_questionnaireversion")
@require_http_methods(["GET", "POST"])
def version_import(request: HttpRequest) -> HttpResponse:
    form = DefinitionUploadForm(request.POST or None, request.FILES or None)
    errors: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            definition = definition_from_upload(name=upload.name or "", content=upload.read())
            version = services.version_create_from_definition(
                definition=definition, created_by=acting_user(request)
            )
        except DefinitionInvalidError as exc:
            form.add_error("file", exc.message)
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Imported as draft version %(number)s of %(name)s.")
                % {"number": version.number, "name": version.questionnaire.name},
            )
            return redirect("questionnaires:version", version_id=version.pk)
    return render(
        request,
        "assessments/questionnaires/version_import.html",
        {"form": form, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = list(services.QUESTION_EDITABLE_FIELDS)
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 3}),
            "text_zh": forms.Textarea(attrs={"rows": 3}),
            "help_en": forms.Textarea(attrs={"rows": 2}),
            "help_zh": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_fields: list[str] = []
        for choice in self.instance.choices.filter(column__isnull=True).order_by("order"):
            name = f"choice_{choice.pk}"
            self.fields[name] = forms.DecimalField(
                label=_("Points for “%(label)s”") % {"label": choice.label},
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=2,
                initial=choice.points,
            )
            self.choice_fields.append(name)

    def _post_clean(self) -> None:
        # The model refuses a save outside a draft; the service applies the change.
        pass

    def choice_points(self) -> dict[int, Decimal]:
        return {int(name.split("_")[1]): self.cleaned_data[name] for name in self.choice_fields}


@staff_required("assessments.change_questionnaireversion")
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, version_id: int, question_id: int) -> HttpResponse:
    version = selectors.version_get_for_user(user=request.user, version_id=version_id)
    question = get_object_or_404(Question, pk=question_id, version=version)
    if not version.is_draft:
        raise PermissionDenied
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in services.QUESTION_EDITABLE_FIELDS}
        try:
            services.question_update(question=question, choice_points=form.choice_points(), **data)
        except VersionImmutableError as exc:
            form.add_error(None, exc.message)
        except DefinitionInvalidError as exc:
            for field, field_messages in (exc.fields or {"": [exc.message]}).items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Question %(code)s saved.") % {"code": question.code})
            return redirect("questionnaires:version", version_id=version.pk)
    return render(
        request,
        "assessments/questionnaires/question_form.html",
        {"version": version, "question": question, "form": form},
        status=400 if request.method == "POST" else 200,
    )
