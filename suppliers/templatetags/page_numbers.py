"""`{% elided_pages page as numbers %}`: the numbers partials/page_numbers.html shows."""

from collections.abc import Iterator

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag
def elided_pages(page: Page) -> Iterator[int | str]:
    """1 … 4 5 [6] 7 8 … 40: two either side of the current page and the first and last."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
