from tests.network.conftest import _events_index_id, events_index, make_event  # noqa: F401 (fixtures)
