"""STUB (skeleton, issue 29): the admin of the routing rules."""
