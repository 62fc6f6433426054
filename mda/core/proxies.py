"""Which address a request comes from. X-Forwarded-For/-Proto/-Host count only when the direct peer
is one of the configured proxies (TRUSTED_PROXIES): a client that reaches the app without the proxy
cannot name another address, so it can neither forge the access log's address nor slip past the
login throttle."""
from ipaddress import ip_address, ip_network

from werkzeug.middleware.proxy_fix import ProxyFix


def trusted_networks(setting: str) -> tuple:
    """TRUSTED_PROXIES: comma-separated addresses or networks (``127.0.0.1, 10.0.0.0/8, ::1``)."""
    try:
        return tuple(ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())
    except ValueError as error:
        raise RuntimeError(f"TRUSTED_PROXIES holds something that is not an address or network: {error}") from None


class TrustedProxyFix:
    """Werkzeug's ProxyFix, applied only to requests whose direct peer is a trusted proxy."""

    def __init__(self, app, hops: int, networks: tuple):
        self.app = app
        self.fixed = ProxyFix(app, x_for=hops, x_proto=hops, x_host=hops)
        self.networks = networks

    def trusts(self, address: str) -> bool:
        try:
            peer = ip_address(address)
        except ValueError:
            return False
        if getattr(peer, "ipv4_mapped", None) is not None:
            peer = peer.ipv4_mapped
        return any(peer in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self.trusts(environ.get("REMOTE_ADDR") or ""):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)


def init_app(app) -> None:
    hops = app.config.get("PROXY_HOPS", 0)
    networks = trusted_networks(app.config.get("TRUSTED_PROXIES", ""))
    if hops and networks:
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, hops, networks)
    elif hops:
        app.logger.warning("PROXY_HOPS is %d but TRUSTED_PROXIES is empty: X-Forwarded-* headers are ignored.", hops)
