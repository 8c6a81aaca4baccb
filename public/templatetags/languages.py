"""The language switcher: the same page, query string kept, in each language."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.inclusion_tag("public/includes/languages.html", takes_context=True)
def language_switcher(context: dict[str, Any]) -> dict[str, Any]:
    """Plain links (no form, no script) to this page under /en/, /be/, /ru/."""
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(here, code),
                "current": code == current,
            }
        )
    return {"links": links}
