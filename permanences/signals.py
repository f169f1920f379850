"""Signals other parts of the app listen to, so the calendar does not import them."""

from django.dispatch import Signal

# Sent after an occurrence is marked "non maintenue", inside the same transaction's
# on_commit. Arguments: occurrence, par (the user who cancelled it).
occurrence_annulee = Signal()
