"""Writes of the partnership: small functions that check, then save."""
