"""Subscriptions of the placement service."""
