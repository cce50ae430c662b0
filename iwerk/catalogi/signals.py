"""Cache invalidation: any change in a catalogus moves the "catalogi" generation.

Rendered representations are cached per generation (api/output.py); relations by name make
one change visible in many representations, so the whole register shares one counter.
Catalogues change rarely; reads are constant.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from iwerk.catalogi.models import (
    BesluitType,
    Catalogus,
    Eigenschap,
    InformatieObjectType,
    ResultaatType,
    RolType,
    StatusType,
    ZaakObjectType,
    ZaakType,
    ZaakTypeInformatieObjectType,
)
from iwerk.core import generations

GENERATIE = "catalogi"


def bump(**_kwargs) -> None:
    generations.bump(GENERATIE)


for model in (
    Catalogus,
    ZaakType,
    InformatieObjectType,
    BesluitType,
    StatusType,
    RolType,
    ResultaatType,
    Eigenschap,
    ZaakObjectType,
    ZaakTypeInformatieObjectType,
):
    post_save.connect(bump, sender=model, dispatch_uid=f"catalogi-save-{model.__name__}")
    post_delete.connect(bump, sender=model, dispatch_uid=f"catalogi-delete-{model.__name__}")
for through in (ResultaatType.besluittypen.through, ResultaatType.informatieobjecttypen.through):
    m2m_changed.connect(bump, sender=through, dispatch_uid=f"catalogi-m2m-{through.__name__}")
