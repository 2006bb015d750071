"""`{% action_improvement action as improvement %}`: a verified closing's before and after."""

from __future__ import annotations

from django import template

from assessments.corrective_actions.selectors import Improvement
from assessments.corrective_actions.selectors import action_improvement as _improvement
from assessments.models import CorrectiveAction

register = template.Library()


@register.simple_tag
def action_improvement(action: CorrectiveAction) -> Improvement | None:
    return _improvement(action)
