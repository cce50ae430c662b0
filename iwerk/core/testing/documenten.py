"""What a client sends to create a document through the Documenten API, in tests."""

from __future__ import annotations

import base64


def document_body(iot, **extra) -> dict:
    """The body of POST enkelvoudiginformatieobjecten for a document of Deventer of type iot."""
    body = {
        "bronorganisatie": "001902763",
        "creatiedatum": "2026-11-01",
        "titel": "Aanvraag omgevingsvergunning",
        "auteur": "J. Jansen",
        "taal": "dut",
        "formaat": "text/plain",
        "bestandsnaam": "aanvraag.txt",
        "inhoud": base64.b64encode(b"Geachte heer, mevrouw,\n").decode(),
        "informatieobjecttype": f"http://testserver/catalogi/api/v1/informatieobjecttypen/{iot.uuid}",
    }
    body.update(extra)
    return body
