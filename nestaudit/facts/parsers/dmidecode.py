"""Parse `dmidecode` text output (sosreports hold it): the System Information section.

Sample:
    System Information
        Manufacturer: Red Hat
        Product Name: RHEV Hypervisor
"""

from __future__ import annotations

_SYSTEM_FIELDS = {
    "Manufacturer": "sys_vendor",
    "Product Name": "product_name",
    "Version": "product_version",
    "Family": "product_family",
    "UUID": "product_uuid",
    "SKU Number": "product_sku",
}
_BIOS_FIELDS = {"Vendor": "bios_vendor", "Version": "bios_version"}
_CHASSIS_FIELDS = {"Manufacturer": "chassis_vendor", "Asset Tag": "chassis_asset_tag"}
_SECTIONS = {
    "System Information": _SYSTEM_FIELDS,
    "BIOS Information": _BIOS_FIELDS,
    "Chassis Information": _CHASSIS_FIELDS,
}


def parse_dmidecode(text: str) -> dict[str, str]:
    """DMI fields named as in /sys/class/dmi/id (sys_vendor, product_name, ...).

    "Not Specified" and empty values are left out. The first section of each kind wins.
    """
    out: dict[str, str] = {}
    fields: dict[str, str] | None = None
    seen: set[str] = set()
    for line in text.splitlines():
        if not line.strip():
            fields = None
            continue
        if not line[0].isspace():
            title = line.strip()
            fields = _SECTIONS.get(title) if title not in seen else None
            seen.add(title)
            continue
        if fields is None:
            continue
        key, sep, value = line.strip().partition(":")
        value = value.strip()
        name = fields.get(key.strip())
        if sep and name and value and value.lower() not in ("not specified", "none"):
            out.setdefault(name, value)
    return out
