"""Every model of the assessments app, one import away: each context keeps its own models.

Django loads this module for the app; the contexts' model modules hold the classes.
"""

from assessments.answers.models import Answer, EvidenceDocument
from assessments.campaigns.models import Assessment, Campaign, Event, Invitation, SentReminder
from assessments.corrective_actions.models import CorrectiveAction, CorrectiveActionDocument
from assessments.exports.models import Export
from assessments.ghg.models import EmissionFactor, FactorSet, GhgCalculation
from assessments.labels.models import GreenLabel, LabelDecision, LabelRules
from assessments.notifications.models import Notification, NotificationEmail
from assessments.questionnaires.models import (
    Area,
    Choice,
    Column,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    VersionContent,
)
from assessments.scope3.models import Scope3Target, SpendFactor, SpendFactorSet
from assessments.scoring.models import RescoringJob, Score
from assessments.spend.models import ExchangeRate, SpendImport, SpendLine

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
    "ExchangeRate",
    "Export",
    "FactorSet",
    "GhgCalculation",
    "GreenLabel",
    "Invitation",
    "LabelDecision",
    "LabelRules",
    "Notification",
    "NotificationEmail",
    "Question",
    "Questionnaire",
    "QuestionnaireVersion",
    "RescoringJob",
    "Scope3Target",
    "Score",
    "SentReminder",
    "SpendFactor",
    "SpendFactorSet",
    "SpendImport",
    "SpendLine",
    "VersionContent",
]
