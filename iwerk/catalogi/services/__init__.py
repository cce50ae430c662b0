"""Every state change of the Catalogi register, with the ZTC rules it must obey.

The API, the beheer screens, the demo loader and the import all call these functions.
URLs are resolved to objects by the caller (the API layer); rules across objects live here.
"""

from iwerk.catalogi.services.children import (  # noqa: F401
    delete_child,
    delete_ziot,
    save_eigenschap,
    save_resultaattype,
    save_roltype,
    save_statustype,
    save_zaakobjecttype,
    save_ziot,
)
from iwerk.catalogi.services.common import (  # noqa: F401
    FORCED_DELETE,
    FORCED_WRITE,
    WRITE,
    check_may_change,
    check_may_change_child,
    check_may_delete,
)
from iwerk.catalogi.services.types import (  # noqa: F401
    delete_type,
    delete_zaaktype,
    publish_besluittype,
    publish_informatieobjecttype,
    publish_zaaktype,
    save_besluittype,
    save_catalogus,
    save_informatieobjecttype,
    save_zaaktype,
)
from iwerk.catalogi.services.versions import close_previous_version, create_new_version  # noqa: F401
