"""Simplified Chinese formats: Django's, with amounts grouped by thousands with a comma
(2,000,000), as Chinese financial statements and procurement systems print them; Django's
own has no separator, so large spend figures were unreadable."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
