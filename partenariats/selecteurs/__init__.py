"""Reads of the partnership that other apps and pages repeat."""
