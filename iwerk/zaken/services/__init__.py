"""Every state change of the Zaken register, with the ZRC rules it must obey."""

from iwerk.zaken.services.archiving import BrondatumGegevens, derive_archiving  # noqa: F401
from iwerk.zaken.services.status import set_status  # noqa: F401
from iwerk.zaken.services.zaak import ZaakGegevens, add_resultaat, next_identificatie, register_zaak  # noqa: F401
