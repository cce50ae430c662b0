"""An API answer can hold any JSON number a client sent and the database gave back."""

import json

from iwerk.core.api.responses import detail_response, json_response


def test_an_integer_beyond_64_bits_is_written_not_a_500(rf):
    groot = int("17976931348623157" + "0" * 292)  # jsonb's reading of 1.7976931348623157e308
    data = {"objectTypeOverigeDefinitie": {"getal": groot}, "naam": "é"}

    assert json.loads(json_response(data).content) == data
    assert json.loads(detail_response(rf.get("/"), data).content) == data
