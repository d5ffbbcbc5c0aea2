"""The device behind a sign-in, as its owner recognises it on the device list.

A device is one sign-in session seen from the person's side: a name the app gave it (or one
read from the user agent), where it was last used from (coarsely: the network, not the
address), and whether notifications are pushed to it.
"""

import ipaddress
import re
import unicodedata
from enum import StrEnum

from edu_core.domain.errors import InvalidInput

MAX_DEVICE_NAME = 80
MAX_PUSH_TOKEN = 512


class InvalidDeviceName(InvalidInput):
    code = "invalid_device_name"
    default_message = f"Name the device in 1 to {MAX_DEVICE_NAME} printable characters."


class InvalidPushToken(InvalidInput):
    code = "invalid_push_token"
    default_message = "The push token is not one this platform issues."


class PushPlatform(StrEnum):
    IOS = "ios"  # an APNs device token
    ANDROID = "android"  # a Firebase Cloud Messaging registration token
    EXPO = "expo"  # an Expo push token, for apps built with Expo


# What each provider hands out; anything else would only bounce at the provider later.
_TOKEN_SHAPES = {
    PushPlatform.IOS: re.compile(r"^[0-9a-fA-F]{64,200}$"),
    PushPlatform.ANDROID: re.compile(r"^[A-Za-z0-9_:\-]{32,512}$"),
    PushPlatform.EXPO: re.compile(r"^Expo(nent)?PushToken\[[A-Za-z0-9_\-]{10,200}\]$"),
}


def clean_device_name(raw: str | None) -> str | None:
    """The name as stored; None when none was given. Refuses control characters."""
    if raw is None:
        return None
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name:
        return None
    if len(name) > MAX_DEVICE_NAME or not name.isprintable():
        raise InvalidDeviceName(details={"fields": {"device_name":
                                                    InvalidDeviceName.default_message}})
    return name


def check_push_token(platform: PushPlatform, token: str) -> str:
    if len(token) > MAX_PUSH_TOKEN or not _TOKEN_SHAPES[platform].match(token):
        raise InvalidPushToken(details={"fields": {"token": InvalidPushToken.default_message}})
    return token


def coarse_address(address: str | None) -> str | None:
    """The network an address belongs to (/24 for IPv4, /48 for IPv6): enough to tell home
    from abroad, not enough to locate a person."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


# Most specific first: Edge and Opera carry "Chrome" too, Chrome carries "Safari".
_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("CriOS/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))
# Apps name themselves first: "Mentora/1.4 (iOS 17.2; iPhone15,2)", "okhttp/4.12".
_APP = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9 ._-]{0,30})/(?P<version>[0-9][0-9.]{0,15})")


def describe_user_agent(user_agent: str | None) -> str:
    """A short label such as "Firefox on Linux" or "Mentora 1.4 on iOS"."""
    if not user_agent:
        return "Unknown device"
    system = next((label for marker, label in _SYSTEMS if marker in user_agent), None)
    if system is None and "iOS" in user_agent:
        system = "iOS"
    if user_agent.startswith("Mozilla/"):
        browser = next((label for marker, label in _BROWSERS if marker in user_agent),
                       "Browser")
        return f"{browser} on {system}" if system else browser
    app = _APP.match(user_agent)
    name = f"{app['name']} {app['version']}" if app else user_agent[:40]
    return f"{name} on {system}" if system else name
