"""Root conftest: nameko services under test run on eventlet, as under `nameko run`."""
import eventlet

eventlet.monkey_patch()
