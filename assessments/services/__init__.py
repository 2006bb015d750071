"""Every state change of the assessments app, one module per concept.

The questionnaire services are re-exported here because most callers think of them as
"the" services of questionnaires: `services.version_publish(...)`.
"""

from assessments.services.questionnaires import (
    DEFAULT_DEFINITION,
    QUESTION_EDITABLE_FIELDS,
    default_questionnaire_load,
    definition_load,
    known_categories,
    question_update,
    version_clone,
    version_create_from_definition,
    version_publish,
    version_retire,
)

__all__ = [
    "DEFAULT_DEFINITION",
    "QUESTION_EDITABLE_FIELDS",
    "default_questionnaire_load",
    "definition_load",
    "known_categories",
    "question_update",
    "version_clone",
    "version_create_from_definition",
    "version_publish",
    "version_retire",
]
