"""Next cycle prefilled: a campaign based on an earlier one starts from the approved answers."""
