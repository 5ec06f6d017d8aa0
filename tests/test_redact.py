"""nestaudit.redact: no secret survives, labels are stable, chains still link.

Every input has a HAND-WRITTEN list of the secrets it holds (read off the files, never
produced by the redactor's detectors). The test first checks each secret is in the input
(so the list means something), then that none is left anywhere in the redacted bundle:
not in its JSON text, not in any key or string of it.
"""

from __future__ import annotations

import base64
import json
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from nestaudit.bundle import from_data, load
from nestaudit.collect import collect
from nestaudit.errors import InputError
from nestaudit.redact import Redactor, redact_bundle
from nestaudit.sources.sos import bundle_from_sos

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
CORPUS = REPO / "tests" / "corpus"
SOS = REPO / "tests" / "fixtures" / "sos"


def _strings(value: Any) -> list[str]:
    """Every key and string of a JSON value, base64 contents decoded."""
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            out.append(str(key))
            if key == "content" and value.get("encoding") == "base64":
                out.append(base64.b64decode(item).decode("utf-8", errors="replace"))
            else:
                out += _strings(item)
    elif isinstance(value, list):
        for item in value:
            out += _strings(item)
    elif isinstance(value, str):
        out.append(value)
    return out


def _haystack(bundle: dict[str, Any]) -> str:
    return "\n".join([json.dumps(bundle), json.dumps(bundle, ensure_ascii=False),
                      *_strings(bundle)]).lower()


def _assert_redacted(original: dict[str, Any], redacted: dict[str, Any],
                     secrets: list[str]) -> None:
    before = _haystack(original)
    missing = [s for s in secrets if s.lower() not in before]
    assert not missing, f"secrets not in the input (fix the hand-written list): {missing}"
    after = _haystack(redacted)
    # whole tokens only: a short secret like "f30" may occur inside a hex label by chance
    left = [s for s in secrets
            if re.search(rf"(?<![0-9a-z]){re.escape(s.lower())}(?![0-9a-z])", after)]
    assert not left, f"secrets left after redaction: {left}"
    from_data(redacted, "redacted")


def _sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = load(SAMPLES / "bundles" / f"{name}.json").data
    return data


# -- hand-written secrets per input ----------------------------------------------------------

L0_UUIDS = [
    "f6864b80-7b6e-4216-9ed8-e261ccbd5e54", "b816902f-1bf1-4fb6-9410-6d5fc46980b3",
    "1645901b-730a-4819-a2d2-a44a2a0ff836", "fe83f14d-4e46-488a-abfd-2135e1e6e54f",
    "c7a5fdbd-edaf-9455-926a-d65c16db1809",
    "27b09f22-09d9-482b-b920-577f0ad60106", "26a76656-07e3-4a41-9780-2741e0ac66d9",
    "20b3a909-805e-4170-8698-4be84f194736", "13ed609e-64a9-41d5-ac01-37cbe977edb7",
    "09161317-cdd5-437f-9851-c41cd8912834", "00000000-1111-2222-3333-444444444444",
    "8bfbd848-4532-4c96-8574-1ac1d50728f2",
]
L0_MACS = [
    "52:54:00:f9:a1:5d", "52:54:00:a9:8e:12", "52:54:00:46:53:37", "52:54:00:f1:e9:d9",
    "52:54:00:ed:65:fc", "52:54:00:b1:d2:5e", "52:54:00:86:20:1c", "52:54:00:1c:b5:60",
    "00:11:22:33:44:55", "52:54:00:9b:15:f7",
]
L0_HOST = ["l0-intel-rhel10", "lab.example.com", "7XQ4M93", "CNFCP0019B02AB",
           "4c4c4544-0037-5851-8034-4d3933000000"]
L0_DOMAINS = ["rhel9.6-l1", "win2k22-l1", "rhel9.4-guest", "web-portal", "rhel10.0-l1",
              "rhel9.6-novmx", "win11", "QEMUGuest1", "f30", "rhel7.0", "lab<b>&\"'vm",
              "lab&lt;b&gt;&amp;&quot;&apos;vm", "kvm-lab"]

SAMPLE_SECRETS = {
    "intel-l0-rhel10-nested-on": [*L0_HOST, "14c58f32e2b855fa564bc77eef205fde", *L0_UUIDS,
                                  *L0_MACS],
    "l1-rhel-under-vmware": ["l1-vmware-rhel96", "lab.example.com",
                             "4e2e3a41cb65358d784437d56876cb5d"],
    "l1-rhel-under-kvm-exposing": ["l1-rhel96", "lab.example.com",
                                   "7c861a4904485a5d4b6e445f27523699",
                                   "f6864b80-7b6e-4216-9ed8-e261ccbd5e54",
                                   "52:54:00:65:c4:e6", "/home/test/"],
}

SOS_SECRETS = {
    "intel-l0-rhel10-nested-on": [*L0_HOST, *L0_UUIDS, *L0_MACS, "LAB-RACK07-U22",
                                  "4C4C4544-0037-5851-8034-4D3933000000"],
    "l1-rhel-under-vmware": ["l1-vmware-rhel96", "lab.example.com",
                             "VMware-42 1c 0e 6b 5a 3d 8e 2f-9c 4b 71 0d 2e 6a 5f 88",
                             "6B0E1C42-3D5A-2F8E-9C4B-710D2E6A5F88"],
}

CORPUS_SECRETS = {
    "nvmx-haswell/L0-haswell-i5-4670T-fedora19": [
        "4ed9ac0b-7f72-dfcf-68b3-e6fe2ac588b2", "52:54:00:80:c1:34", "/home/test/"],
    "nvmx-haswell/L1-regular-guest-hypervisor": [
        "02ea8988-1054-b08b-bafe-cfbe9659976c", "52:54:00:65:c4:e6", "/home/test/"],
    "insights-core/qemu-xml-rhosp-nova-host-passthrough": [
        "601da52c-450f-4d8e-b502-503431536fa69", "601da52c-450f-4d8e-b502-50151536fa69",
        "1a05a423-dfae-428a-ae54-1614d8024e76", "1b52c42f-b1eb-47f4-a8c0-9904d4735fc9",
        "dd036ba1-bb5f-4c1a-a369-a918080bff7f", "aa:aa:ee:bb:10:aa",
        "96e9d2b749ea48fcb5a911e6f0e144f2", "5a50e9d0d19746158958be0c759793fb"],
    "insights-core/qemu-xml-rhv-status-custom-broadwell": [
        "78177d07-ac0e-4057-b1de-9ccd66cbc3d7", "49c1e6bb-adbb-44ac-8d12-5ba4119cf110",
        "00:1a:4a:16:03:72"],
    "insights-core/qemu-xml-numa-cpu-no-mode": [
        "02cf0bba-2bd6-11e7-8337-e4115b9a50d0", "bb:55:77:11:00:00"],
}
CORPUS_DOMAINS = {
    "insights-core/qemu-xml-rhosp-nova-host-passthrough": ["instance-000008d6"],
    "insights-core/qemu-xml-rhv-status-custom-broadwell": ["test-idm-client-ccveu-net",
                                                           "test-idm-client-ccve"],
    "insights-core/qemu-xml-numa-cpu-no-mode": ["05-s00c06h0"],
    "nvmx-haswell/L0-haswell-i5-4670T-fedora19": ["regular-guest"],
}


@pytest.fixture()
def mapping(tmp_path: Path) -> Path:
    return tmp_path / "private" / "mapping.json"


@pytest.fixture(autouse=True)
def _private_dir(tmp_path: Path) -> None:
    (tmp_path / "private").mkdir()


@pytest.mark.parametrize("name", sorted(SAMPLE_SECRETS))
def test_samples_lose_their_secrets(name: str, mapping: Path) -> None:
    original = _sample(name)
    redacted = Redactor(mapping).redact_bundle(original)
    _assert_redacted(original, redacted, SAMPLE_SECRETS[name])


def test_sample_domain_names_with_redact_domains(mapping: Path) -> None:
    original = _sample("intel-l0-rhel10-nested-on")
    redacted = Redactor(mapping, redact_domains=True).redact_bundle(original)
    _assert_redacted(original, redacted, [*SAMPLE_SECRETS["intel-l0-rhel10-nested-on"],
                                          *L0_DOMAINS])
    # the XML still parses, and file names still match the domains' <name>
    for path, record in redacted["files"].items():
        if path.startswith("/etc/libvirt/qemu/") and record["status"] == "ok":
            name = ET.fromstring(record["content"]).findtext("name")
            assert path == f"/etc/libvirt/qemu/{name}.xml"
    assert redacted["redaction"]["kinds"]["libvirt-domain"] == 12


@pytest.mark.parametrize("name", sorted(SOS_SECRETS))
def test_sos_fixtures_lose_their_secrets(name: str, mapping: Path) -> None:
    original = bundle_from_sos(SOS / name)
    redacted = Redactor(mapping, redact_domains=True).redact_bundle(original)
    secrets = SOS_SECRETS[name] + (L0_DOMAINS[:3] if name.startswith("intel") else [])
    _assert_redacted(original, redacted, secrets)
    assert redacted["source"]["type"] == "sosreport"
    if name.startswith("intel"):
        keys = [k for k in redacted["commands"] if k.startswith("virsh dumpxml ")]
        # one per running domain: rhel9.6-l1, rhel9.4-guest, win2k22-l1, kvm-lab
        assert len(keys) == 4 and all(k.startswith("virsh dumpxml vm-") for k in keys)
        for key in keys:
            label = key.split()[-1]
            record = redacted["commands"][key]
            assert record["argv"] == ["virsh", "-r", "dumpxml", label]
            assert record["source"] == f"sos_commands/virsh/virsh_-r_dumpxml_{label}"
            assert ET.fromstring(record["stdout"]).findtext("name") == label


@pytest.mark.parametrize("case", sorted(CORPUS_SECRETS))
def test_corpus_roots_lose_their_secrets(case: str, mapping: Path) -> None:
    original = collect(root=str(CORPUS / case))
    redacted = Redactor(mapping, redact_domains=True).redact_bundle(original)
    _assert_redacted(original, redacted, CORPUS_SECRETS[case] + CORPUS_DOMAINS.get(case, []))


# -- what must stay ----------------------------------------------------------------------------

SYNTHETIC_XML = """<domain type='kvm'>
  <name>billing-db</name>
  <uuid>3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60718</uuid>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://microsoft.com/win/2k22"/>
    </libosinfo:libosinfo>
  </metadata>
  <os><type arch='x86_64' machine='pc-q35-rhel9.4.0'>hvm</type></os>
  <devices>
    <disk type='network'>
      <source protocol='rbd' name='pool/billing'>
        <host name='ceph-mon1.storage.corp-example.net' port='6789'/>
        <host name='10.20.30.40' port='6789'/>
      </source>
    </disk>
    <disk type='file'><source file='/home/jdoe/images/billing.qcow2'/></disk>
    <interface type='bridge'>
      <mac address='52:54:00:aa:bb:cc'/>
      <ip address='2a02:8070:1234::17' prefix='64'/>
      <ip address='172.16.5.9' netmask='255.255.255.0'/>
    </interface>
    <graphics type='vnc' listen='0.0.0.0'/>
  </devices>
</domain>
"""
SYNTHETIC_SECRETS = ["billing-db", "3f2a9c1e-5b7d-4e8f-a1b2-c3d4e5f60718", "ceph-mon1",
                     "corp-example.net", "10.20.30.40", "/home/jdoe/", "52:54:00:aa:bb:cc",
                     "2a02:8070:1234::17", "172.16.5.9", "node7", "node7.corp-example.net",
                     "fe80::5054:ff:feaa:bbcc", "C0FFEE1234", "jump.corp-example.net"]


def _synthetic() -> dict[str, Any]:
    bundle = collect(root=str(SAMPLES / "roots" / "intel-l0-rhel10-nested-on"))
    bundle["host"] = {"hostname": "node7.corp-example.net", "arch": "x86_64",
                      "kernel": "6.12.0-55.9.1.el10_0.x86_64"}
    raw = b"node7 \xff\xfe fe80::5054:ff:feaa:bbcc\n"
    bundle["files"]["/etc/synthetic.bin"] = {
        "status": "ok", "encoding": "base64", "size": len(raw),
        "content": base64.b64encode(raw).decode("ascii")}
    bundle["files"]["/etc/libvirt/qemu/billing-db.xml"] = {
        "status": "ok", "encoding": "utf-8", "size": len(SYNTHETIC_XML.encode()),
        "content": SYNTHETIC_XML}
    bundle["dirs"]["/etc/libvirt/qemu"]["entries"].append("billing-db.xml")
    bundle["commands"]["uname -a"] = {
        "argv": ["uname", "-a"], "status": "ok", "exit_code": 0,
        "stdout": "Linux node7 6.12.0-55.9.1.el10_0.x86_64 #1 SMP x86_64 GNU/Linux\n"}
    bundle["commands"]["dmidecode"] = {
        "argv": ["dmidecode"], "status": "ok", "exit_code": 0,
        "stdout": "System Information\n\tSerial Number: C0FFEE1234\n\tVersion: Not Specified\n"
                  "\tAsset Tag: Not Specified\n"}
    bundle["source"] = {"type": "root", "path": "/srv/ssh:jump.corp-example.net/node7-root"}
    return bundle


def _billing(redacted: dict[str, Any]) -> str:
    """The synthetic domain's XML after redaction (the one with a network disk)."""
    found = [r["content"] for p, r in redacted["files"].items()
             if p.startswith("/etc/libvirt/qemu/vm-") and "protocol='rbd'" in r["content"]]
    assert len(found) == 1
    return str(found[0])


def test_synthetic_secrets_go_and_meaning_stays(mapping: Path) -> None:
    original = _synthetic()
    redacted = Redactor(mapping, redact_domains=True).redact_bundle(original)
    _assert_redacted(original, redacted, SYNTHETIC_SECRETS)
    files = redacted["files"]
    # CPU flags, kernel versions, module options and vendor URLs are untouched
    for path in ("/proc/cpuinfo", "/proc/version", "/proc/modules", "/etc/modprobe.d/kvm.conf",
                 "/etc/os-release", "/sys/module/kvm_intel/parameters/nested"):
        assert files[path] == original["files"][path], path
    assert redacted["host"]["kernel"] == "6.12.0-55.9.1.el10_0.x86_64"
    xml = _billing(redacted)
    ET.fromstring(xml)
    for kept in ("http://microsoft.com/win/2k22", "http://libosinfo.org/xmlns/libvirt/domain/1.0",
                 "machine='pc-q35-rhel9.4.0'", "netmask='255.255.255.0'", "listen='0.0.0.0'"):
        assert kept in xml
    assert "'/home/user-" in xml
    assert "dmidecode" in redacted["commands"]
    dmidecode = redacted["commands"]["dmidecode"]["stdout"]
    assert "Version: Not Specified" in dmidecode and "Asset Tag: Not Specified" in dmidecode
    assert "Serial Number: serial-" in dmidecode
    # base64 stays base64, non-UTF-8 bytes survive, size follows the content
    record = files["/etc/synthetic.bin"]
    raw = base64.b64decode(record["content"])
    assert record["encoding"] == "base64" and record["size"] == len(raw)
    assert b"\xff\xfe" in raw and raw.startswith(b"host-")
    for record in files.values():
        if "content" in record and record["encoding"] == "utf-8":
            assert record["size"] == len(record["content"].encode())
    kinds = redacted["redaction"]["kinds"]
    # serials: the sample's two DMI serials and dmidecode's C0FFEE1234
    assert kinds["ipv4"] == 2 and kinds["ipv6"] == 2 and kinds["serial"] == 3
    assert redacted["redaction"]["mapping"] == "mapping.json"
    assert set(original["files"]) != set(files) and len(original["files"]) == len(files)


def test_label_shapes(mapping: Path) -> None:
    redacted = Redactor(mapping, redact_domains=True).redact_bundle(_synthetic())
    xml = _billing(redacted)
    root = ET.fromstring(xml)
    uuid = root.findtext("uuid") or ""
    assert len(uuid) == 36 and uuid[14] == "8" and uuid.count("-") == 4
    addresses = [e.get("address", "") for e in root.iter("ip")]
    assert addresses[0].startswith("2001:db8:")
    assert addresses[1].split(".")[0] in {str(n) for n in range(240, 248)}
    mac = root.find("devices/interface/mac")
    assert mac is not None and mac.get("address", "").startswith("02:")
    assert redacted["host"]["hostname"].startswith("host-")
    assert redacted["host"]["hostname"].endswith(".invalid")


# -- consistency -------------------------------------------------------------------------------


def test_same_mapping_same_labels_other_mapping_other_labels(tmp_path: Path) -> None:
    original = _sample("intel-l0-rhel10-nested-on")
    first = redact_bundle(original, tmp_path / "private" / "a.json", redact_domains=True)
    second = redact_bundle(original, tmp_path / "private" / "a.json", redact_domains=True)
    assert first == second
    third = redact_bundle(original, tmp_path / "private" / "b.json", redact_domains=True)
    assert third["files"].keys() != first["files"].keys()
    assert original == _sample("intel-l0-rhel10-nested-on")  # the input is not changed


def test_chain_still_links_after_redaction(mapping: Path) -> None:
    """L0 (sos) domain UUID in lower case; L1 product_uuid in upper case: one label."""
    l0 = bundle_from_sos(SOS / "intel-l0-rhel10-nested-on")
    l1 = _sample("l1-rhel-under-kvm-exposing")
    record = l1["files"]["/sys/class/dmi/id/product_uuid"]
    record["content"] = record["content"].upper()
    assert record["content"].strip() == "F6864B80-7B6E-4216-9ED8-E261CCBD5E54"
    redactor = Redactor(mapping)
    red_l0 = redactor.redact_bundle(l0)
    red_l1 = Redactor(mapping).redact_bundle(l1)
    label = red_l1["files"]["/sys/class/dmi/id/product_uuid"]["content"].strip()
    assert label != "f6864b80-7b6e-4216-9ed8-e261ccbd5e54"
    domain_xml = red_l0["commands"]["virsh dumpxml rhel9.6-l1"]["stdout"]
    assert ET.fromstring(domain_xml).findtext("uuid") == label
    assert f"<uuid>{label}</uuid>" in red_l0["files"]["/etc/libvirt/qemu/rhel9.6-l1.xml"]["content"]


# -- the mapping file --------------------------------------------------------------------------


def test_mapping_file(mapping: Path) -> None:
    redacted = Redactor(mapping).redact_bundle(_sample("l1-rhel-under-vmware"))
    assert stat.S_IMODE(mapping.stat().st_mode) == 0o600
    data = json.loads(mapping.read_text())
    assert data["kind"] == "nestaudit-redaction-mapping" and len(data["secret"]) == 64
    label = redacted["files"]["/etc/machine-id"]["content"].strip()
    assert data["labels"][label] == {"kind": "machine-id",
                                     "original": "4e2e3a41cb65358d784437d56876cb5d"}
    assert "4e2e3a41" not in json.dumps(redacted["redaction"])
    assert set(redacted["redaction"]) == {"kinds", "mapping", "domains"}
    assert redacted["redaction"]["kinds"]["machine-id"] == 1
    quiet = mapping.with_name("quiet.json")
    Redactor(quiet, keep_originals=False).redact_bundle(_sample("l1-rhel-under-vmware"))
    assert "4e2e3a41" not in quiet.read_text()


def test_bad_mapping_file_is_one_line(mapping: Path) -> None:
    mapping.write_text('{"kind": "something else"}')
    with pytest.raises(InputError) as exc:
        Redactor(mapping)
    assert str(exc.value).startswith(f"{mapping}: not a nestaudit redaction mapping")
    mapping.write_text("{not json")
    with pytest.raises(InputError, match="invalid JSON at line 1"):
        Redactor(mapping)
