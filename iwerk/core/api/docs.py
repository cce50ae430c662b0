"""Serve each API's official OpenAPI document and a readable, offline docs page."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import Path

import yaml
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

_METHODS = ("get", "post", "put", "patch", "delete", "head")


def spec_path(app_module: str) -> Path:
    """The app's OpenAPI document: api/openapi.yaml, or the file its api package names in OPENAPI_PATH."""
    api = import_module(f"{app_module}.api")
    assert api.__file__ is not None  # a regular package (with __init__.py), not a namespace
    return getattr(api, "OPENAPI_PATH", Path(api.__file__).parent / "openapi.yaml")


@cache
def load_spec(app_module: str) -> dict:
    return yaml.safe_load(spec_path(app_module).read_text(encoding="utf-8"))


def docs_urls(app_module: str, title: str, version: str) -> list:
    def schema(request: HttpRequest) -> FileResponse:
        return FileResponse(spec_path(app_module).open("rb"), content_type="application/yaml")

    def docs(request: HttpRequest) -> HttpResponse:
        spec = load_spec(app_module)
        operations = []
        for route, item in spec.get("paths", {}).items():
            for method in _METHODS:
                if method in item:
                    op = item[method]
                    scopes = [
                        s for req in op.get("security") or [] for s in req.get("JWT-Claims", [])
                    ]
                    params = [p.get("name") for p in op.get("parameters", []) if "name" in p]
                    operations.append(
                        {
                            "method": method.upper(),
                            "path": route,
                            "summary": op.get("summary") or op.get("operationId", ""),
                            "description": (op.get("description") or "").strip(),
                            "scopes": scopes,
                            "params": params,
                        }
                    )
        return render(
            request,
            "core/api_docs.html",
            {
                "title": title,
                "version": version,
                "operations": operations,
                "description": spec.get("info", {}).get("description", ""),
            },
        )

    return [path("schema/openapi.yaml", schema), path("docs/", docs)]
