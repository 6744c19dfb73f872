"""The bus: topology, publisher with confirms, consumer base with retries and parking lot.

Nothing here connects at import; the command line wires settings, store and services.
"""

from hub.bus.consumer import Runner, Service, Transaction, run_until_signalled
from hub.bus.errors import PublishError, PublishFailed, Unroutable
from hub.bus.ids import derive_id
from hub.bus.incoming import Incoming
from hub.bus.message import Message
from hub.bus.publisher import Publisher
from hub.bus.topology import Binding, declare

__all__ = [
    "Binding",
    "Incoming",
    "Message",
    "PublishError",
    "PublishFailed",
    "Publisher",
    "Runner",
    "Service",
    "Transaction",
    "Unroutable",
    "declare",
    "derive_id",
    "run_until_signalled",
]
