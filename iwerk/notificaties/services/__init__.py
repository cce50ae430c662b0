"""Every state change of the Notificaties API: kanalen and abonnementen (abonnementen), the
outbox every register change writes to (outbox), who may publish through POST /notificaties
(publicatie), and the worker's delivery of the outbox (delivery)."""

from iwerk.notificaties.services.abonnementen import (  # noqa: F401
    check_callback,
    check_kenmerken,
    create_kanaal,
    delete_abonnement,
    save_abonnement,
)
