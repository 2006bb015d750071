from typing import Any

from django.http import HttpRequest

from core.permissions import is_staff_member, is_supplier_user


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"is_staff_member": is_staff_member(user), "is_supplier_user": is_supplier_user(user)}
