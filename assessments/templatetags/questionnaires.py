from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """`answers|get_item:code`: a dict lookup by a variable key."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None
