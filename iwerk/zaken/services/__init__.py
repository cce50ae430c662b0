"""Every state change of the Zaken register, with the ZRC rules it must obey."""

from iwerk.zaken.services.archiving import BrondatumGegevens, derive_archiving  # noqa: F401
from iwerk.zaken.services.besluit import link_besluit, unlink_besluit  # noqa: F401
from iwerk.zaken.services.eigenschap import delete_zaakeigenschap, set_zaakeigenschap  # noqa: F401
from iwerk.zaken.services.informatieobject import (  # noqa: F401
    add_zaakinformatieobject,
    change_zaakinformatieobject,
    delete_zaakinformatieobject,
)
from iwerk.zaken.services.links import add_klantcontact, add_link, delete_link  # noqa: F401
from iwerk.zaken.services.notitie import delete_notitie, save_notitie  # noqa: F401
from iwerk.zaken.services.resultaat import (  # noqa: F401
    add_resultaat,
    change_resultaat,
    delete_resultaat,
)
from iwerk.zaken.services.rol import add_rol, delete_rol  # noqa: F401
from iwerk.zaken.services.status import set_status  # noqa: F401
from iwerk.zaken.services.zaak import (  # noqa: F401
    ZaakGegevens,
    delete_zaak,
    next_identificatie,
    register_zaak,
    reserve_identificaties,
    update_zaak,
)
from iwerk.zaken.services.zaakobject import delete_zaakobject, save_zaakobject  # noqa: F401
from iwerk.zaken.services.zaakregels import check_zaak, default_own_hosts  # noqa: F401
