"""Readiness checks: one module per topic, each with per-OS strategies. Never imports Qt."""
