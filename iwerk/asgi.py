"""What `iwerk serve` (granian, ASGI mode) loads in every worker process: the WSGI application of
iwerk.wsgi behind the slow-client guard (iwerk.core.webguard, ADR 0033)."""

from iwerk.core.webguard import SlowClientGuard
from iwerk.wsgi import application as wsgi_application

application = SlowClientGuard.from_environment(wsgi_application)
