"""Forms of the supplier portal: one answer form per question type, the area page, the profile.

The answer forms check the shape of what was posted and nothing else: `answer_save` and
`evidence_upload` check the answer and the documents, and their errors go back onto the form.
The page's field names predate the forms (the browser tests and the "not saved" page post them),
so `add_prefix` maps each form's fields onto them: `q-<code>`, `q-<code>-na`, `q-<code>-rev`,
table rows as `q-<code>-<row>-<column>` with `q-<code>-rows` and `q-<code>-<row>-delete`.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.forms.formsets import (
    DELETION_FIELD_NAME,
    INITIAL_FORM_COUNT,
    TOTAL_FORM_COUNT,
    ManagementForm,
)
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.answers.models import DATA_QUALITY_CHOICES
from assessments.answers.values import MAX_TABLE_ROWS, clean_value
from assessments.models import Answer, Assessment, Column, EvidenceDocument, Question
from core.errors import ApplicationError
from suppliers.models import Supplier

BLANK = ("", "—")
YES_NO = [("true", gettext_lazy("Yes")), ("false", gettext_lazy("No"))]


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class ContactForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["contact_name", "contact_email", "contact_phone"]

    def _post_clean(self) -> None:
        pass  # the service validates the supplier as a whole


# --- Fields and widgets ---------------------------------------------------------------------


def _differs(question: Question, typed: Any, stored: Any) -> bool:
    """Whether saving `typed` would store something else than `stored` (a refused value does)."""
    try:
        return bool(clean_value(question, typed) != stored)
    except ValueError:
        return True


class ShowsYesNo:
    """A stored True or False shows as its option ("true", "false"); what was typed as it is."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, bool):
            return "true" if value else "false"
        return value


class AnswerValueField(forms.CharField):
    """A question's value as typed; changed when the value it would store is not the stored one."""

    def __init__(self, *, question: Question, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.question = question

    def has_changed(self, initial: Any, data: Any) -> bool:
        return _differs(self.question, self.to_python(data), initial)


class YesNoValueField(ShowsYesNo, AnswerValueField):
    pass


class CodesValueField(AnswerValueField):
    """The ticked options' codes, as posted (the service checks them against the options)."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return [str(item) for item in value or ()]


class YesNoCellField(ShowsYesNo, forms.CharField):
    pass


class RevisionField(forms.IntegerField):
    """The answer's revision when the page was loaded: a stale one is a conflict in the service."""

    widget = forms.HiddenInput

    def to_python(self, value: Any) -> int:  # type: ignore[override]
        number = super().to_python(value)
        return 0 if number is None else number


class ReplyField(forms.CharField):
    """The reply to the reviewer: None when the page had no reply box, which leaves it as it is."""

    def to_python(self, value: Any) -> str | None:  # type: ignore[override]
        return None if value is None else super().to_python(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return data is not None and super().has_changed(initial, data)


class DocumentsInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentsField(forms.Field):
    """The documents uploaded for a question, as posted: the service checks each one's content."""

    widget = DocumentsInput

    def to_python(self, value: Any) -> list[Any]:
        return list(value or ())


def _own_choices(question: Question) -> list[tuple[str, str]]:
    """The question's own options (a table's columns have theirs)."""
    return [(c.code, c.label) for c in question.choices.all() if c.column_id is None]


def _textarea(attrs: dict[str, Any]) -> forms.Textarea:
    widget = forms.Textarea(attrs=attrs)
    del widget.attrs["cols"]  # the page's CSS sets the width
    return widget


def _cell_field(column: Column) -> forms.Field:
    """One cell of a table row, shown as the column's type asks."""
    attrs = {"aria-label": column.label}
    if column.type == "single_choice":
        choices = [BLANK, *((choice.code, choice.label) for choice in column.choices.all())]
        return forms.CharField(required=False, widget=forms.Select(attrs=attrs, choices=choices))
    if column.type == "yes_no":
        return YesNoCellField(
            required=False, widget=forms.Select(attrs=attrs, choices=[BLANK, *YES_NO])
        )
    if column.type == "date":
        return forms.CharField(
            required=False, widget=forms.DateInput(attrs=attrs | {"type": "date"})
        )
    if column.type == "number":
        attrs["inputmode"] = "decimal"
    return forms.CharField(required=False, widget=forms.TextInput(attrs=attrs))


# --- Tables ---------------------------------------------------------------------------------


class RowCountForm(ManagementForm):
    """A table's management form: only the number of rows on the page, as `q-<code>-rows`."""

    TOTAL_FORMS = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    INITIAL_FORMS = None  # type: ignore[assignment]
    MIN_NUM_FORMS = None  # type: ignore[assignment]
    MAX_NUM_FORMS = None  # type: ignore[assignment]

    def add_prefix(self, field_name: str) -> str:
        return super().add_prefix("rows" if field_name == TOTAL_FORM_COUNT else field_name)

    is_over_limit = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # At most MAX_TABLE_ROWS rows are read, whatever count was posted (`rows=150000` would
        # build and render that many); a larger count refuses the table (TableAnswerForm.clean).
        # Every posted row is new, as the table is saved as a whole.
        posted = cleaned.get(TOTAL_FORM_COUNT) or 0
        self.is_over_limit = posted > MAX_TABLE_ROWS
        cleaned[TOTAL_FORM_COUNT] = min(posted, MAX_TABLE_ROWS)
        cleaned[INITIAL_FORM_COUNT] = 0
        return cleaned


class TableRowForm(forms.Form):
    """One row of a table question: a cell per column, then the "Remove" box."""

    def __init__(self, *args: Any, columns: list[Column], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for column in columns:
            self.fields[column.code] = _cell_field(column)

    def add_prefix(self, field_name: str) -> str:
        return super().add_prefix("delete" if field_name == DELETION_FIELD_NAME else field_name)


class BaseTableRowFormSet(forms.BaseFormSet):
    deletion_widget = forms.CheckboxInput

    @cached_property
    def management_form(self) -> ManagementForm:
        if self.is_bound:
            form = RowCountForm(self.data, auto_id=self.auto_id, prefix=self.prefix)
            form.full_clean()
            return form
        return RowCountForm(
            auto_id=self.auto_id,
            prefix=self.prefix,
            initial={TOTAL_FORM_COUNT: self.total_form_count()},
        )

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields[DELETION_FIELD_NAME].widget.attrs.update(
            {"value": "1", "class": "remove-row-box"}
        )

    def rows(self) -> list[dict[str, str]]:
        """The rows as typed, blank ones too, without those ticked "Remove"."""
        self.is_valid()  # cleans every row
        removed = self.deleted_forms
        return [
            {
                code: form.cleaned_data.get(code, "")
                for code in form.fields
                if code != DELETION_FIELD_NAME
            }
            for form in self.forms
            if form not in removed
        ]


TableRowFormSet = forms.formset_factory(
    TableRowForm,
    formset=BaseTableRowFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_TABLE_ROWS,
    absolute_max=MAX_TABLE_ROWS,
)


# --- Answer forms: one per question type ----------------------------------------------------


class AnswerForm(forms.Form):
    """One question of an area page: value, "not applicable", data quality, revision, reply.

    Bound, it reads what was posted for the question; unbound, it shows the stored answer.
    """

    refusal: ApplicationError | None = None  # the service's error, when it refused the answer
    widget_template: ClassVar[str] = ""  # the partial that shows the value, if the type has one
    value_field_class: ClassVar[type[AnswerValueField]] = AnswerValueField
    # The page's names: q-<code> for the value, q-<code>-na and so on; other fields keep theirs.
    NAMES: ClassVar[dict[str, str]] = {
        "value": "",
        "not_applicable": "na",
        "data_quality": "dq",
        "revision": "rev",
        "documents": "file",
        "remove_documents": "remove",
        "valid_from": "valid-from",
        "valid_until": "valid-until",
    }

    not_applicable = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"value": "1"})
    )
    justification = forms.CharField(
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": gettext_lazy("If not applicable: why?"),
                "aria-label": gettext_lazy("Justification"),
            }
        ),
    )
    data_quality = forms.CharField(
        required=False,
        widget=forms.Select(
            attrs={"class": "inline-select"}, choices=[BLANK, *DATA_QUALITY_CHOICES]
        ),
    )
    revision = RevisionField(required=False)
    response = ReplyField(
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": gettext_lazy("Your reply to the reviewer"),
                "aria-label": gettext_lazy("Reply"),
            }
        ),
    )
    documents = DocumentsField(
        required=False,
        widget=DocumentsInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.xlsx,.docx"}),
    )
    # The supplier's own documents to remove (ticked with a new upload: replaced).
    remove_documents = forms.TypedMultipleChoiceField(
        required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    # A permit's or certificate's validity, for the documents uploaded with this save (shown on
    # questions that `requires_validity`; the service says when the end date is missing).
    valid_from = forms.DateField(
        required=False,
        label=gettext_lazy("Valid from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    valid_until = forms.DateField(
        required=False,
        label=gettext_lazy("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        question: Question,
        answer: Answer | None,
        assessment: Assessment,
    ) -> None:
        super().__init__(
            data,
            files,
            prefix=f"q-{question.code}",
            initial={
                "value": answer.value if answer is not None else None,
                "not_applicable": bool(answer and answer.not_applicable),
                "justification": answer.justification if answer is not None else "",
                "data_quality": (answer.data_quality or "") if answer is not None else "",
                "revision": answer.revision if answer is not None else 0,
                "response": answer.supplier_response if answer is not None else "",
            },
        )
        self.question = question
        self.answer = answer
        self.is_editable = assessment.is_answer_editable_by_supplier(answer)
        self.is_shown = True  # False: a follow-up whose condition does not hold (yet)
        self.is_condition_source = False  # other questions' conditions depend on this one
        self.fields["documents"].widget.attrs["data-testid"] = f"file-{question.code}"
        self.fields["valid_from"].widget.attrs["data-testid"] = f"valid-from-{question.code}"
        self.fields["valid_until"].widget.attrs["data-testid"] = f"valid-until-{question.code}"
        cast(forms.ChoiceField, self.fields["remove_documents"]).choices = [
            (document.pk, document.original_name) for document in self.answer_documents()
        ]
        widget = self.value_widget(question)
        if widget is not None:
            self.fields["value"] = self.value_field_class(question=question, widget=widget)

    def value_widget(self, question: Question) -> forms.Widget | None:
        """How the type shows its value; None: the type has no value field."""
        return None

    def add_prefix(self, field_name: str) -> str:
        name = self.NAMES.get(field_name, field_name)
        return f"{self.prefix}-{name}" if name else str(self.prefix)

    def answer_documents(self) -> list[EvidenceDocument]:
        """The answer's current documents (those the supplier may remove)."""
        return self.answer.documents if self.answer is not None else []

    def validity(self) -> dict[str, Any]:
        """The validity dates posted for this save's uploads, as `evidence_upload` takes them."""
        return {
            "valid_from": self.cleaned_data.get("valid_from"),
            "valid_until": self.cleaned_data.get("valid_until"),
        }

    @property
    def takes_documents(self) -> bool:
        return self.question.type == Question.Type.FILE or self.question.requires_evidence

    @property
    def documents_label(self) -> str:
        """The documents' label says "required" exactly where submission needs them (see
        `answers.selectors.assessment_requirements`)."""
        question = self.question
        if question.type == Question.Type.FILE:
            return _("Documents (required)") if question.is_required else _("Documents")
        if question.requires_evidence:
            if question.is_required:
                return _("Evidence (required)")
            return _("Evidence (required when you answer)")
        return _("Documents")

    def condition_value(self) -> Any:
        """What saving the posted answer would store, as display conditions read it: None when
        it is "not applicable" or not a valid answer (a condition then sees no answer)."""
        if not self.is_valid() or self.cleaned_data.get("not_applicable"):
            return None
        try:
            return clean_value(self.question, self.value())
        except ValueError:
            return None

    def value(self) -> Any:
        """The value as posted, for `answer_save`."""
        return self.cleaned_data.get("value")

    def value_has_changed(self) -> bool:
        return "value" in self.changed_data

    def has_changed(self) -> bool:
        """Whether saving would change the stored answer.

        With "not applicable" ticked only the justification counts (no value is stored then);
        otherwise the value, the data quality and the reply do. The revision never does: a page
        loaded before another tab saved the same answer saves nothing, so it does not conflict.
        """
        changed = set(self.changed_data)
        if self.cleaned_data.get("not_applicable"):
            return bool(changed & {"not_applicable", "justification"})
        return bool(changed & {"not_applicable", "data_quality", "response"}) or (
            self.value_has_changed()
        )

    def answer_data(self) -> dict[str, Any]:
        """The keyword arguments of `answer_save` for what was posted."""
        return {
            "question_code": self.question.code,
            "value": self.value(),
            "not_applicable": self.cleaned_data["not_applicable"],
            "justification": self.cleaned_data["justification"],
            "data_quality": self.cleaned_data["data_quality"],
            "revision": self.cleaned_data["revision"],
            "supplier_response": self.cleaned_data["response"],
        }

    def add_service_error(self, error: ApplicationError) -> None:
        """The service's messages, in its order, listed above the question.

        Attached to the question rather than to single inputs: the page shows a question's
        messages together, and its inputs look the same with or without them.
        """
        self.refusal = error
        messages = [message for field in error.fields.values() for message in field]
        for message in messages or [error.message]:
            self.add_error(None, message)

    def show_again(self, *, answer: Answer | None, saved: bool, rows_on_page: int | None) -> None:
        """Shown again after a post, with what was typed and the messages, next to the answer
        as it is now (its documents, the reviewer's question). When the answer was saved and
        only a document was refused, the page goes on from the saved revision: the next save
        would conflict with this one otherwise."""
        self.answer = answer
        if saved and answer is not None:
            data = cast(QueryDict, self.data).copy()  # request.POST is immutable
            data[self["revision"].html_name] = str(answer.revision)
            self.data = data
        self.show_rows(rows_on_page=rows_on_page)

    def show_rows(self, *, rows_on_page: int | None) -> None:
        """Tables only: which rows to show (see TableAnswerForm)."""


class YesNoAnswerForm(AnswerForm):
    widget_template = "portal/widgets/yes_no.html"
    value_field_class = YesNoValueField

    def value_widget(self, question: Question) -> forms.Widget:
        return forms.RadioSelect(choices=YES_NO)


class SingleChoiceAnswerForm(AnswerForm):
    widget_template = "portal/widgets/single_choice.html"

    def value_widget(self, question: Question) -> forms.Widget:
        choices = [BLANK, *_own_choices(question)]
        return forms.Select(attrs={"aria-label": question.code}, choices=choices)


class MultiChoiceAnswerForm(AnswerForm):
    widget_template = "portal/widgets/multi_choice.html"
    value_field_class = CodesValueField

    def value_widget(self, question: Question) -> forms.Widget:
        return forms.CheckboxSelectMultiple(choices=_own_choices(question))


class NumberAnswerForm(AnswerForm):
    widget_template = "portal/widgets/number.html"

    def value_widget(self, question: Question) -> forms.Widget:
        return forms.TextInput(attrs={"inputmode": "decimal", "aria-label": question.code})


class TextAnswerForm(AnswerForm):
    widget_template = "portal/widgets/text.html"

    def value_widget(self, question: Question) -> forms.Widget:
        return _textarea({"rows": "3", "aria-label": question.code})


class DateAnswerForm(AnswerForm):
    widget_template = "portal/widgets/date.html"

    def value_widget(self, question: Question) -> forms.Widget:
        return forms.DateInput(attrs={"type": "date", "aria-label": question.code})


class FileAnswerForm(AnswerForm):
    """A file question is answered by its documents alone (portal/widgets/file.html)."""

    def has_changed(self) -> bool:
        return False  # the page saves no value for it: only its documents are uploaded


class TableAnswerForm(AnswerForm):
    """A table question: its rows are a formset, posted and shown as the page always named them."""

    widget_template = "portal/widgets/table.html"

    def __init__(self, data: Any = None, files: Any = None, **kwargs: Any) -> None:
        super().__init__(data, files, **kwargs)
        self.columns = list(self.question.columns.all())
        if self.is_bound:
            self.posted_rows = self._formset(data=self.data)
            self.rows = self.posted_rows
        else:
            self.show_rows(rows_on_page=None)

    def _formset(self, **kwargs: Any) -> BaseTableRowFormSet:
        formset = TableRowFormSet(
            prefix=self.prefix, form_kwargs={"columns": self.columns}, **kwargs
        )
        return cast(BaseTableRowFormSet, formset)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        management = self.posted_rows.management_form
        if cast(RowCountForm, management).is_over_limit:
            raise forms.ValidationError(_("At most %(max)s rows.") % {"max": MAX_TABLE_ROWS})
        return cleaned

    def value(self) -> list[dict[str, str]]:
        return self.posted_rows.rows()

    def value_has_changed(self) -> bool:
        return _differs(self.question, self.value(), self.initial["value"])

    def show_rows(self, *, rows_on_page: int | None) -> None:
        """The rows typed (without those removed) or, unbound, the stored ones; "Add a row" shows
        the rows that were on the page, blank ones too, and one more; an empty table one row."""
        rows: list[dict[str, Any]] = (
            self.value() if self.is_bound else list(self.initial["value"] or [])
        )
        if rows_on_page is not None:
            rows += [{} for _ in range(max(0, rows_on_page - len(rows)))]
            rows.append({})
        elif not rows:
            rows.append({})
        self.rows = self._formset(initial=rows[:MAX_TABLE_ROWS])  # "Add a row" stops there

    def table_rows(self) -> list[tuple[list[tuple[Column, forms.BoundField]], forms.BoundField]]:
        """Each row's cells with their column (a phone shows each cell under its heading), and
        its "Remove row" box."""
        return [
            ([(column, row[column.code]) for column in self.columns], row[DELETION_FIELD_NAME])
            for row in self.rows
        ]

    @property
    def rows_on_page(self) -> int:
        """How many rows the posted page had (blank and removed ones too)."""
        return int(self.posted_rows.total_form_count())


ANSWER_FORMS: dict[str, type[AnswerForm]] = {
    Question.Type.YES_NO: YesNoAnswerForm,
    Question.Type.SINGLE_CHOICE: SingleChoiceAnswerForm,
    Question.Type.MULTI_CHOICE: MultiChoiceAnswerForm,
    Question.Type.NUMBER: NumberAnswerForm,
    Question.Type.TEXT: TextAnswerForm,
    Question.Type.DATE: DateAnswerForm,
    Question.Type.FILE: FileAnswerForm,
    Question.Type.TABLE: TableAnswerForm,
}


def answer_form(
    *,
    question: Question,
    answer: Answer | None,
    assessment: Assessment,
    data: Any = None,
    files: Any = None,
) -> AnswerForm:
    """The form for the question's type: bound to a post, or showing the stored answer."""
    return ANSWER_FORMS[question.type](
        data, files, question=question, answer=answer, assessment=assessment
    )


class AreaPageForm(forms.Form):
    """The area page's own buttons: "Add a row" names a table, "Save and continue" an area
    (one of the questionnaire's: any other value is refused, as the page never sends it)."""

    add_row = forms.CharField(required=False)
    next_area = forms.CharField(required=False)

    def __init__(self, data: Any = None, *, area_codes: list[str]) -> None:
        super().__init__(data)
        self.area_codes = set(area_codes)

    def add_prefix(self, field_name: str) -> str:
        return {"add_row": "add-row", "next_area": "next-area"}.get(field_name, field_name)

    def clean_next_area(self) -> str:
        code = str(self.cleaned_data["next_area"])
        if code and code not in self.area_codes:
            raise forms.ValidationError(_("There is no such area in this questionnaire."))
        return code
