from tests.network.conftest import events_index, make_event  # noqa: F401 (fixtures)
