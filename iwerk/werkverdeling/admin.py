"""Functioneel beheer of werkverdeling: routing rules (admin_routering), task checklists and
vier-ogen rules (admin_taken). Django finds this module; the two register their admins."""

from iwerk.werkverdeling import admin_routering, admin_taken  # noqa: F401 - registers the admins
