"""Acknowledging a message on a connection that just died must not kill the service."""
import pytest

from classe12_runtime.edge import RpcQueueConsumer, SettlesOnLiveConnections

pytestmark = pytest.mark.unit


class DeadConnectionMessage:
    """A message whose connection the broker has closed (nameko still sees it as set)."""

    class channel:  # noqa: N801 - mimics kombu's attribute
        connection = object()

    def __init__(self, error):
        self.error = error

    def ack(self):
        raise self.error

    def requeue(self):
        raise self.error


@pytest.mark.parametrize("error", [ConnectionResetError(104, "Connection reset by peer"),
                                   BrokenPipeError(32, "Broken pipe")])
@pytest.mark.parametrize("consumer", [SettlesOnLiveConnections, RpcQueueConsumer])
def test_settling_a_message_on_a_lost_connection_is_a_warning_not_a_crash(consumer, error, caplog):
    queue_consumer = consumer()
    queue_consumer.ack_message(DeadConnectionMessage(error))
    queue_consumer.requeue_message(DeadConnectionMessage(error))
    assert [r.getMessage() for r in caplog.records] == [
        "acknowledgement not sent: connection lost, the broker redelivers",
        "message not returned: connection lost, the broker redelivers"]


def test_other_errors_still_surface():
    with pytest.raises(ValueError):
        SettlesOnLiveConnections().ack_message(DeadConnectionMessage(ValueError("a bug")))
