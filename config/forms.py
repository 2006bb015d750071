from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Each field in one block: label, widget, help and its errors right below it."""

    field_template_name = "forms/field.html"
