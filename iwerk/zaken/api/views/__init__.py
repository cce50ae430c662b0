"""Zaken API 1.7.0 endpoints, one module per resource: parse, authorise, call a service, render."""
