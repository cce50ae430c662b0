"""Every state change of the Documenten register, with the DRC rules it must obey."""

from iwerk.documenten.services.documents import (  # noqa: F401
    Invoer,
    check_lock,
    create_document,
    delete_document,
    lock_document,
    unlock_document,
    update_document,
    upload_part,
)
from iwerk.documenten.services.relations import (  # noqa: F401
    delete_external,
    link,
    register_external,
    register_source,
    unlink,
    unlink_objects,
)
from iwerk.documenten.services.rights import delete_part, save_part  # noqa: F401
