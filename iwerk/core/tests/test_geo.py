"""GeoJSON input that shapely's GEOS layer refuses is a 400 naming the field, never a 500."""

import pytest

from iwerk.core import geo
from iwerk.core.api.problems import ValidationFailed


def test_a_multilinestring_with_a_one_point_line_is_refused_as_invalid():
    # Found by the stateful fuzzer: GEOS raises its own exception type for this shape.
    with pytest.raises(ValidationFailed) as fout:
        geo.parse({"type": "MultiLineString", "coordinates": [[[1.0, 2.0]]]}, "zaakgeometrie")
    assert fout.value.params[0].name == "zaakgeometrie"
    assert fout.value.params[0].code == "invalid"
