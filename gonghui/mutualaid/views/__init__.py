"""Mutual-aid pages: one module per part (plans, enrollments, claims, payouts, portal)."""
