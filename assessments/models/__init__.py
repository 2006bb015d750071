"""Models of the assessments app: versioned questionnaires, campaigns and their assessments."""

from assessments.models.campaigns import (
    Answer,
    Assessment,
    Campaign,
    CorrectiveAction,
    CorrectiveActionDocument,
    Event,
    EvidenceDocument,
    Invitation,
    RescoringJob,
    Score,
    SentReminder,
)
from assessments.models.exports import Export
from assessments.models.ghg import EmissionFactor, FactorSet, GhgCalculation
from assessments.models.labels import GreenLabel, LabelDecision, LabelRules
from assessments.models.questionnaires import (
    Area,
    Choice,
    Column,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    VersionContent,
)

__all__ = [
    "Answer",
    "Area",
    "Assessment",
    "Campaign",
    "Choice",
    "Column",
    "CorrectiveAction",
    "CorrectiveActionDocument",
    "EmissionFactor",
    "Event",
    "EvidenceDocument",
    "Export",
    "FactorSet",
    "GhgCalculation",
    "GreenLabel",
    "Invitation",
    "LabelDecision",
    "LabelRules",
    "Question",
    "Questionnaire",
    "QuestionnaireVersion",
    "RescoringJob",
    "Score",
    "SentReminder",
    "VersionContent",
]
