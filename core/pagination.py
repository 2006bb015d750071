"""Pages of long lists that cost the page, not the list."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, overload

from django.db.models import Model, QuerySet


class RowsByKey:
    """A filtered, ordered queryset for a Paginator, whose page is read in two steps: the
    page's primary keys in the list's order, then the full rows of just those keys.

    A database reads a row's joins and per-row subqueries (the list's category, label and
    score) before it sorts and cuts the page, so a search that matches 1,100 suppliers joined
    and scored 1,100 rows to show 25. Sorting the keys alone and then reading 25 full rows
    keeps that part of a page's cost the page's own, for one more query. `rows_for` takes the
    keys and returns the full rows (the list's queryset without its filters, whose conditions
    the keys already satisfy); the page keeps the order of the keys.
    """

    def __init__(
        self,
        queryset: QuerySet[Any],
        *,
        rows_for: Callable[[list[Any]], Iterable[Model]],
    ) -> None:
        self.queryset = queryset
        self.rows_for = rows_for

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Model]:
        return iter(self[:])

    @overload
    def __getitem__(self, index: int) -> Model: ...
    @overload
    def __getitem__(self, index: slice) -> list[Model]: ...
    def __getitem__(self, index: int | slice) -> Model | list[Model]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        keys = list(self.queryset.values_list("pk", flat=True)[index])
        by_key = {row.pk: row for row in self.rows_for(keys)} if keys else {}
        return [by_key[key] for key in keys if key in by_key]
