"""STUB (skeleton, issue 29): the admin of task checklists and vier-ogen rules."""
