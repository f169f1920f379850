"""Reads that pages repeat (HackSoft's selectors), beside the services that write."""
