"""Django's Redis cache behind Redis Sentinel (REDIS_SENTINELS): a pool that asks the sentinels for the master.

Django's `RedisCache` builds its pools with `pool_class.from_url(LOCATION, **OPTIONS)`; this pool keeps the
password and database number of the URL and ignores its host. channels-redis supports Sentinel natively.
"""

from urllib.parse import unquote, urlsplit

from redis.sentinel import Sentinel, SentinelConnectionPool


class SentinelMasterPool(SentinelConnectionPool):
    @classmethod
    def from_url(cls, url: str, *, sentinels: list[tuple[str, int]], master_name: str, **kwargs):
        parsed = urlsplit(url)
        kwargs.setdefault("db", int(parsed.path.strip("/") or 0))
        if parsed.password:
            kwargs.setdefault("password", unquote(parsed.password))
        timeouts = {key: kwargs[key] for key in ("socket_timeout", "socket_connect_timeout") if key in kwargs}
        return cls(master_name, Sentinel(sentinels, **timeouts), **kwargs)
