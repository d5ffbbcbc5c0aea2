"""In-memory push gateway for unit tests: keeps what was sent; tokens put in ``gone`` answer
as a provider does for an uninstalled app."""

from edu_core.domain.errors import PushDeliveryError
from edu_core.domain.identity.devices import check_push_token
from edu_core.ports.push import PushDevice, PushMessage, PushOutcome


class MemoryPushGateway:
    def __init__(self) -> None:
        self.sent: list[tuple[PushDevice, PushMessage]] = []
        self.gone: set[str] = set()
        self.down = False

    async def register(self, device: PushDevice) -> None:
        check_push_token(device.platform, device.token)

    async def send(self, device: PushDevice, message: PushMessage) -> PushOutcome:
        if self.down:
            raise PushDeliveryError(internal="memory push gateway is down")
        if device.token in self.gone:
            return PushOutcome.UNREGISTERED
        self.sent.append((device, message))
        return PushOutcome.DELIVERED
