"""STUB (skeleton, issue 29): werkplek URLs of one part, added to iwerk/werkplek/urls.py."""

urlpatterns: list = []
