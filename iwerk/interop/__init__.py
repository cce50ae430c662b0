"""Interoperability suite: iwerk driven the way existing ZGW clients drive it (issue 21)."""
