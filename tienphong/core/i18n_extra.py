"""Strings shown in our pages that come from libraries without a Vietnamese catalogue.

Marked here so `makemessages` puts them in our catalogue, which Django consults first.
"""

from django.utils.translation import gettext_noop

AUDITLOG_ACTIONS = [gettext_noop("create"), gettext_noop("update"), gettext_noop("delete"), gettext_noop("access")]
