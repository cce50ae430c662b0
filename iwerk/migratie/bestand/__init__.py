"""Bulk import of zaken from a system without ZGW (issue 30, ADR 0063, docs/migratie-bestand.md).

formaat (the sheets and columns) -> lezen (typed rows) -> controle (the dry run, with catalogus,
betrokkene and bestanden) -> importeren (the plan, zaak by zaak, as a silent migration write);
cli is `iwerk migreer bestand`, voorbeeld the template and the example folder.
"""
