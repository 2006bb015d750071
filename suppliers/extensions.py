"""What other apps add to the staff supplier pages, without suppliers importing them.

`suppliers` never imports `assessments` (the import contracts in pyproject.toml), yet the list
shows and sorts by each supplier's score and the detail page shows its assessments, label history
and corrective actions. The assessments app registers those here when it is ready
(`AssessmentsConfig.ready`), so the dependency still points one way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from suppliers.models import Supplier

# name -> a function returning a query expression over the supplier row (OuterRef("pk")).
_list_annotations: dict[str, Callable[[], Any]] = {}
# Each returns extra context for the detail page; it runs its own bounded queries.
_detail_contexts: list[Callable[..., dict[str, Any]]] = []


def register_list_annotation(name: str, expression: Callable[[], Any]) -> None:
    _list_annotations[name] = expression


def register_detail_context(provider: Callable[..., dict[str, Any]]) -> None:
    if provider not in _detail_contexts:
        _detail_contexts.append(provider)


def list_annotation_names() -> tuple[str, ...]:
    return tuple(_list_annotations)


def supplier_list_annotate(queryset: QuerySet[Supplier]) -> QuerySet[Supplier]:
    """The supplier rows with every registered column (one subquery each, in the same query)."""
    missing = {
        name: expression()
        for name, expression in _list_annotations.items()
        if name not in queryset.query.annotations
    }
    return queryset.annotate(**missing) if missing else queryset


def supplier_detail_context(*, request: HttpRequest, supplier: Supplier) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _detail_contexts:
        context.update(provider(request=request, supplier=supplier))
    return context
