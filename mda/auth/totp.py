"""Two-factor login with time-based one-time codes (TOTP, RFC 6238) from an authenticator app."""
import pyotp
import qrcode
import qrcode.image.svg

from mda.core import clock

ISSUER = "MDA++ casusregie"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG (paths only: no script, no style, safe under the CSP)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step the code belongs to (this one or its neighbours), or None."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = at if at is not None else clock.utcnow().timestamp()
    step = int(now // totp.interval)
    for candidate in (step, step - 1, step + 1):
        if totp.at(candidate * totp.interval) == code:
            return candidate
    return None


def verify(user, code: str, at: float | None = None) -> bool:
    """Checks a code once: a code already used (or an older one) is refused."""
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code, at)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True
