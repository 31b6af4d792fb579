"""Real providers plugged in by configuration, never by editing esop: for an adapter slot NAME,
`ESOP_ADAPTER_<NAME>=package.module:factory` names a function that takes the app config and returns
an instance of that slot's interface. The bank's own package (installed beside esop) holds the
contract-specific code — NICE/KCB for 실명확인, PASS, the SMS and ARS vendors, the 1-won transfer
gateway, the cloud providers' SDKs.

Each plugged adapter is loaded and type-checked when the app starts, so a wrong path or a wrong
type stops the start with a message naming the variable, not a member halfway through a step.
Unset slots keep the sandbox (when on) or the Unconfigured adapter, which answers with a clear
'not configured' message."""
from __future__ import annotations

import importlib

# slot → (module of the interface, interface class name)
SLOTS = {
    "realname": ("realname", "RealNameVerifier"),
    "phone_identity": ("phone", "PhoneIdentityVerifier"),
    "sms": ("sms", "SmsSender"),
    "ars": ("ars", "ArsCaller"),
    "bank": ("bank", "OneWonTransfer"),
    "revocation": ("revocation", "RevocationChecker"),
    "geoip": ("geoip", "GeoIp"),
    "immigration": ("immigration", "DepartureRecords"),
    "certcloud_financial": ("certcloud", "CertCloud"),
    "certcloud_joint": ("certcloud", "CertCloud"),
    "holdings": ("holdings", "HoldingsSystem"),
}


class AdapterConfigError(RuntimeError):
    pass


def variable(slot: str) -> str:
    return f"ESOP_ADAPTER_{slot.upper()}"


def configured(env) -> dict[str, str]:
    """The ESOP_ADAPTER_* settings present in the environment (for config.load_config)."""
    unknown = sorted(k for k in env if k.startswith("ESOP_ADAPTER_")
                     and k not in {variable(s) for s in SLOTS})
    if unknown:
        raise AdapterConfigError(f"{', '.join(unknown)}: no such adapter slot "
                                 f"(known: {', '.join(variable(s) for s in SLOTS)})")
    return {slot: env[variable(slot)].strip() for slot in SLOTS if (env.get(variable(slot)) or "").strip()}


def load(config, slot: str):
    """The plugged adapter of `slot`, or None when the slot is not configured."""
    path = config.get("ADAPTERS", {}).get(slot)
    if not path:
        return None
    module_name, _, attr = path.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attr or "adapter")
    except (ImportError, AttributeError) as exc:
        raise AdapterConfigError(f"{variable(slot)}={path}: cannot import it ({exc})") from exc
    adapter = factory(config)
    interface_module, interface_name = SLOTS[slot]
    interface = getattr(importlib.import_module(f"{__package__}.{interface_module}"), interface_name)
    if not isinstance(adapter, interface):
        raise AdapterConfigError(f"{variable(slot)}={path}: returned {type(adapter).__name__}, "
                                 f"not an {interface_name} (esop/adapters/{interface_module}.py)")
    return adapter
