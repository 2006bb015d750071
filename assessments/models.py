"""Assessments: questionnaires, answers, scores and labels arrive in later issues."""
