"""Template filters of the portfolio pages."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def breekbaar(tekst: object) -> SafeString:
    """Text with a line-break opportunity after every "/" (escaped first): a source URL or a
    melding naming one wraps on a phone instead of making the page scroll sideways."""
    veilig = conditional_escape(str(tekst))
    return mark_safe(veilig.replace("/", "/<wbr>"))  # noqa: S308 - escaped on the line above
