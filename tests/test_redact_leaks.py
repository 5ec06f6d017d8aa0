"""Redaction against hostile but realistic inputs: identifying values planted where real
hosts hold them, in the forms their writers use, leave the redacted bundle and every output
of `check`, `report`, `audit`, `ticket` (with --redact, or always) and `redact`.

The host is renamed zebra07.example.com, and its user is jdoe_admin (/home/jdoe_admin):
- MAC addresses in /proc/cmdline as dracut's own tests boot with them (tests/corpus/dracut:
  `ifname=<interface>:<MAC>`, `BOOTIF=<MAC>`) and as PXELINUX appends them
  (tests/corpus/syslinux: `BOOTIF=01-<MAC>`, the ARP hardware type first);
- the user name, learnt from a domain's disk under /home/, in that domain's <title> and
  <description>, in an NFS root path, in a process list and in a log line;
- the short host name inside longer tokens (`session-zebra07.scope`, `zebra07_backup`);
- input paths that name the host: a sosreport archive named as sos names it, a bundle
  named as `nestaudit collect` names it, a root folder.
tests/secrets/leaks/*.txt list the planted values by hand.
"""

from __future__ import annotations

import json
import re
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from judging import build_report
from nestaudit import cli
from nestaudit.bundle import from_data, load
from nestaudit.collect import collect
from nestaudit.errors import RenderError
from nestaudit.output import write_json
from nestaudit.redact import Redactor
from secretlists import bundle_text, leaked, outputs_of, pdf_text, secrets_of

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus"
L0 = "intel-l0-rhel10-nested-on"
ROOT = REPO / "samples" / "roots" / L0
SOS = REPO / "tests" / "fixtures" / "sos" / L0
OLD_HOST, HOST = "l0-intel-rhel10.lab.example.com", "zebra07.example.com"
DOMAIN_XML = "etc/libvirt/qemu/rhel9.4-guest.xml"
# sos's archive name: sosreport-<short host name>-<case id>-<date>-<7 random letters>
# (sos/policies/__init__.py, get_archive_name, the "friendly" pattern)
SOS_NAME = "sosreport-zebra07-01234567-2025-04-20-qpkxdid"

# -- the peers' cases --------------------------------------------------------------------------


def dracut_cases() -> list[str]:
    """The ifname= of dracut's TEST-60 and the BOOTIF= of its TEST-50, as written there."""
    test60 = (CORPUS / "dracut" / "TEST-60-BONDBRIDGEVLAN" / "test.sh").read_text("utf-8")
    test50 = (CORPUS / "dracut" / "TEST-50-MULTINIC" / "test.sh").read_text("utf-8")
    ifnames = re.findall(r"ifname=\w+:(?:[0-9a-f]{2}:){5}[0-9a-f]{2}", test60)
    bootifs = sorted(set(re.findall(r"BOOTIF=(?:[0-9a-f]{2}-){5}[0-9a-f]{2}\b", test50)))
    assert len(ifnames) == 5 and len(bootifs) == 2, (ifnames, bootifs)
    return [*ifnames, *bootifs]


def pxelinux_case() -> str:
    """BOOTIF= as IPAPPEND 2 writes it: the address of the config file name PXELINUX's
    manual shows, hardware type first (syslinux.txt: "with leading hardware type")."""
    manual = (CORPUS / "syslinux" / "pxelinux.txt").read_text("utf-8")
    found = re.search(r"filename\s+(01(?:-[0-9a-f]{2}){6})\.", manual)
    assert found is not None
    ipappend = (CORPUS / "syslinux" / "syslinux.txt").read_text("utf-8")
    assert "BOOTIF=<hardware-address-of-boot-interface>" in ipappend
    assert "dash-separated hexadecimal with leading hardware type" in ipappend
    return "BOOTIF=" + found.group(1)


def planted_cmdline() -> list[str]:
    return [
        *dracut_cases(),
        pxelinux_case(),
        # dracut.cmdline(7): ip=<interface>:dhcp[:[<mtu>][:<macaddr>]], and the explicit
        # form ip=<client-IP>::<gateway-IP>:<netmask>:<client_hostname>:<interface>:none
        "ip=enp1s0:dhcp:1500:52:54:00:3e:7a:03",
        "ip=192.0.2.17::192.0.2.1:255.255.255.0:zebra07:enp1s0:none",
        # the kernel's nfsroot=[<server-ip>:]<root-dir>[,<nfs-options>]
        "nfsroot=192.0.2.1:/srv/nfs/jdoe_admin,vers=4.2",
    ]


# -- the planted inputs ------------------------------------------------------------------------


def _rename_host(tree: Path) -> None:
    for path in tree.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if OLD_HOST.encode() in data:
                path.write_bytes(data.replace(OLD_HOST.encode(), HOST.encode()))


def _plant_domain(xml: Path) -> None:
    text = xml.read_text("utf-8")
    text = text.replace("</name>", "</name>\n  <title>jdoe_admin-sandbox</title>\n"
                        "  <description>Rebuilt by jdoe_admin on zebra07; the old disks are in "
                        "zebra07_backup</description>", 1)
    text = text.replace("<devices>", "<devices>\n    <disk type='file' device='disk'>\n"
                        "      <driver name='qemu' type='qcow2'/>\n"
                        "      <source file='/home/jdoe_admin/images/lab.qcow2'/>\n"
                        "      <target dev='vdb' bus='virtio'/>\n    </disk>", 1)
    xml.write_text(text, "utf-8")


def _plant_cmdline(cmdline: Path, params: list[str]) -> None:
    text = cmdline.read_text("utf-8").rstrip("\n")
    cmdline.write_text(text + " " + " ".join(params) + "\n", "utf-8")


def planted_root(where: Path) -> Path:
    """A copy of the L0 sample's root with the values of tests/secrets/leaks/root.txt."""
    root = where / "zebra07-root"
    shutil.copytree(ROOT, root, symlinks=True)
    _rename_host(root)
    _plant_cmdline(root / "proc" / "cmdline", planted_cmdline())
    (root / "proc" / "self").mkdir(exist_ok=True)
    # systemd's scope of a login session, the collector run from it
    (root / "proc" / "self" / "cgroup").write_text(
        "0::/user.slice/user-1000.slice/session-zebra07.scope\n", "utf-8")
    _plant_domain(root / DOMAIN_XML)
    return root


PS = """\
USER         PID COMMAND
root           1 /usr/lib/systemd/systemd --switched-root --system --deserialize=31
jdoe_ad+    4242 tmux new-session -s zebra07
qemu        5151 /usr/libexec/qemu-kvm -name guest=rhel9.4-guest,debug-threads=on -drive \
file=/home/jdoe_admin/images/lab.qcow2,format=qcow2,if=none,id=drive-virtio-disk1
"""
SSHD = ("Apr 20 09:21:08 zebra07 sshd[4240]: Accepted publickey for jdoe_admin from "
        "192.0.2.50 port 52144 ssh2: ED25519 SHA256:Qm9vYmFyYmF6cXV4cXV1eA\n")


def edited_bundle(root: Path) -> dict[str, Any]:
    """The root's bundle, with what another tool's bundle could carry: a process list and
    a log line (tests/secrets/leaks/edits.txt)."""
    data = collect(root=str(root))
    data["commands"]["ps -eo user,pid,args"] = {
        "argv": ["ps", "-eo", "user,pid,args"], "status": "ok", "exit_code": 0, "stdout": PS}
    data["commands"]["journalctl -b -u sshd"] = {
        "argv": ["journalctl", "-b", "-u", "sshd"], "status": "ok", "exit_code": 0,
        "stdout": SSHD}
    return data


def planted_sos(where: Path) -> Path:
    """The sosreport fixture renamed to zebra07, with the values of leaks/sos.txt, as an
    archive named as sos names it."""
    top = where / SOS_NAME
    shutil.copytree(SOS, top, symlinks=True)
    _rename_host(top)
    _plant_cmdline(top / "proc" / "cmdline", dracut_cases()[:1])
    _plant_domain(top / DOMAIN_XML)
    archive = where / f"{SOS_NAME}.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        tar.add(top, arcname=SOS_NAME)
    shutil.rmtree(top)
    return archive


@dataclass(frozen=True)
class Planted:
    root: Path
    bundle: dict[str, Any]
    bundle_file: Path
    sos: Path


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    where = tmp_path_factory.mktemp("inputs")
    root = planted_root(where)
    bundle = edited_bundle(root)
    # the name `nestaudit collect` gives a bundle: nestaudit-<host>-<UTC time>.json
    bundle_file = where / "nestaudit-zebra07.example.com-20251120T090000Z.json"
    write_json(str(bundle_file), bundle)
    return Planted(root, bundle, bundle_file, planted_sos(where))


def _present(secrets: list[str], text: str) -> None:
    missing = [s for s in secrets if s.lower() not in text.lower()]
    assert not missing, f"not planted (fix tests/secrets/leaks/): {missing}"


# -- the redactor ------------------------------------------------------------------------------


def test_planted_values_leave_the_bundle_and_every_report(
    planted: Planted, tmp_path: Path
) -> None:
    original = planted.bundle
    secrets = secrets_of("leaks/root") + secrets_of("leaks/edits")
    _present(secrets, bundle_text(original))
    redactor = Redactor(tmp_path / "key.json")
    redacted = redactor.redact_bundle(original)
    leaks = {"bundle": leaked(secrets, bundle_text(redacted))}
    report = build_report([from_data(redacted, "redacted.json")])
    # the PDF of this report too, through `audit` and `ticket` below
    outputs = outputs_of(report, pdf=False)
    leaks.update({fmt: leaked(secrets, text) for fmt, text in outputs.items()})
    assert not {k: v for k, v in leaks.items() if v}, f"secrets left: {leaks}"
    # what surrounds a value stays, so the parameters still read as what they are
    user, host = redactor.label("user", "jdoe_admin"), redactor.label("hostname", "zebra07")
    cmdline = redacted["files"]["/proc/cmdline"]["content"]
    for kept in ("ifname=net1:02:", "ifname=net5:02:", "BOOTIF=02-", "BOOTIF=01-02-",
                 "ip=enp1s0:dhcp:1500:02:", f":255.255.255.0:{host}:enp1s0:none",
                 f":/srv/nfs/{user},vers=4.2", "rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap"):
        assert kept in cmdline, kept
    cgroup = redacted["files"]["/proc/self/cgroup"]["content"]
    assert cgroup == f"0::/user.slice/user-1000.slice/session-{host}.scope\n"
    xml = redacted["files"][f"/{DOMAIN_XML}"]["content"]
    for kept in (f"<title>{user}-sandbox</title>", f"Rebuilt by {user} on {host};",
                 f"in {host}_backup</description>", f"file='/home/{user}/images/lab.qcow2'"):
        assert kept in xml, kept
    ps = redacted["commands"]["ps -eo user,pid,args"]["stdout"]
    assert f"\n{user}    4242 tmux new-session -s {host}\n" in ps
    assert "\nroot           1 " in ps and "\nqemu        5151 " in ps
    sshd = redacted["commands"]["journalctl -b -u sshd"]["stdout"]
    assert sshd.startswith(f"Apr 20 09:21:08 {host} sshd[4240]: Accepted publickey for {user} ")
    assert redacted["redaction"]["kinds"]["user"] == 1  # one user, in all its forms


def test_the_peers_mac_forms_keep_their_prefixes(tmp_path: Path) -> None:
    """Each MAC form alone on a command line: the MAC goes, what precedes it stays."""
    data = load(REPO / "samples" / "bundles" / f"{L0}.json").data
    redactor = Redactor(tmp_path / "key.json")
    for param in [*dracut_cases(), pxelinux_case()]:
        data["files"]["/proc/cmdline"]["content"] = f"ro {param} quiet\n"
        data["files"]["/proc/cmdline"]["size"] = len(param) + 10
        after = redactor.redact_bundle(data)["files"]["/proc/cmdline"]["content"]
        head, mac = re.fullmatch(r"(\w+=(?:\w+:|01-)?)(\S+)", param).groups()  # type: ignore[union-attr]
        sep = "-" if "-" in mac else ":"
        label = redactor.label("mac", mac.replace("-", ":")).replace(":", sep)
        assert after == f"ro {head}{label} quiet\n", param


def test_longer_runs_of_hex_pairs_get_no_mac_label(tmp_path: Path) -> None:
    """A WWN (eight pairs), and six pairs after a lone pair's field: never a MAC label
    inside another identifier (eight hex groups are an IPv6 address, labelled as one)."""
    data = load(REPO / "samples" / "bundles" / f"{L0}.json").data
    data["files"]["/proc/cmdline"]["content"] = (
        "wwn=50:01:43:80:12:34:56:78 id=0a:52:54:00:aa:bb:cc:dd wwpn=0x5001438012345678\n")
    after = Redactor(tmp_path / "key.json").redact_bundle(data)
    cmdline = after["files"]["/proc/cmdline"]["content"]
    assert re.fullmatch(r"wwn=2001:db8:\S+ id=2001:db8:\S+ wwpn=0x5001438012345678\n",
                        cmdline), cmdline


def _with_homes(data: dict[str, Any], homes: list[str], text: str) -> dict[str, Any]:
    """`data` with a domain whose disks are under /home/<name>, and `text` in a file."""
    xml = data["files"]["/etc/libvirt/qemu/rhel9.4-guest.xml"]
    disks = "".join(f"<disk><source file='/home/{h}/a.qcow2'/></disk>" for h in homes)
    xml["content"] = xml["content"].replace("<devices>", "<devices>" + disks, 1)
    xml["size"] = len(xml["content"].encode())
    data["files"]["/etc/motd"] = {"status": "ok", "encoding": "utf-8", "content": text,
                                  "size": len(text.encode())}
    return data


def test_short_common_and_system_user_names_are_not_learnt(tmp_path: Path) -> None:
    """root, a, dev, data and qemu are replaced after /home/ only: learnt, they would
    rename /dev/kvm, root=, "data" and libvirt's qemu folder everywhere."""
    data = load(REPO / "samples" / "bundles" / f"{L0}.json").data
    text = "root=/dev/mapper/rhel-root a data disk for qemu; jdoe reads jdoes and jdoe.\n"
    redactor = Redactor(tmp_path / "key.json")
    after = redactor.redact_bundle(_with_homes(data, ["root", "a", "dev", "data", "qemu",
                                                      "jdoe"], text))
    jdoe = redactor.label("user", "jdoe")
    assert after["files"]["/etc/motd"]["content"] == (
        f"root=/dev/mapper/rhel-root a data disk for qemu; {jdoe} reads jdoes and {jdoe}.\n")
    xml = after["files"]["/etc/libvirt/qemu/rhel9.4-guest.xml"]["content"]
    for name in ("root", "a", "dev", "data", "qemu", "jdoe"):
        assert f"/home/{redactor.label('user', name)}/a.qcow2" in xml
        assert f"/home/{name}/" not in xml
    assert "/etc/libvirt/qemu/rhel9.4-guest.xml" in after["files"]
    assert "/dev/kvm" in after["stats"]


def test_the_short_host_name_inside_tokens_but_never_a_version_or_a_path_word(
    tmp_path: Path
) -> None:
    data = load(REPO / "samples" / "bundles" / f"{L0}.json").data
    motd = ("session-zebra07.scope zebra07_backup zebra07-vm1 x.zebra07 zebra07.1 "
            "zebra07s <zebra07> zebra07=1\n")
    data = _with_homes(data, [], motd)
    for path in ("/etc/hostname", "/proc/sys/kernel/hostname"):
        data["files"][path]["content"] = "zebra07\n"
    redactor = Redactor(tmp_path / "key.json")
    host = redactor.label("hostname", "zebra07")
    after = redactor.redact_bundle(data)["files"]["/etc/motd"]["content"]
    assert after == (f"session-{host}.scope {host}_backup {host}-vm1 x.{host} zebra07.1 "
                     f"zebra07s <zebra07> zebra07=1\n")
    # a host named like a word of the paths nestaudit reads (sys/module/kvm_intel/...) is
    # replaced only where it stands as the name, never inside evidence
    for path in ("/etc/hostname", "/proc/sys/kernel/hostname"):
        data["files"][path]["content"] = "module\n"
    data["files"]["/etc/motd"]["content"] = "kvm_intel module, /sys/module/kvm\n"
    after_word = redactor.redact_bundle(data)
    assert after_word["files"]["/etc/motd"]["content"] == "kvm_intel module, /sys/module/kvm\n"
    assert after_word["files"]["/etc/hostname"]["content"].startswith("host-")
    assert "/sys/module/kvm_intel/parameters/nested" in after_word["files"]


def test_input_paths_and_key_names_are_redacted(planted: Planted, tmp_path: Path) -> None:
    """sos's names (friendly, and the legacy sosreport-<host>.<case>-<time>), and a key
    named after the host: only the redacted last part of a path is ever shown."""
    redactor = Redactor(tmp_path / "zebra07-key.json")
    host = redactor.label("hostname", "zebra07")
    cases = {
        f"/srv/cases/acme/{SOS_NAME}.tar.xz": f"sosreport-{host}-01234567-2025-04-20-qpkxdid"
                                              ".tar.xz",
        "sosreport-zebra07.01234567-20250420092108.tar.xz":
            f"sosreport-{host}.01234567-20250420092108.tar.xz",
        "/home/jdoe_admin/zebra07.example.com.json":
            f"{redactor.dns_name('zebra07.example.com')}.json",
        "this host": "this host",
    }
    for origin, shown in cases.items():
        assert redactor.redact_input(planted.bundle, origin).origin == shown, origin
    recorded = redactor.redact_bundle(planted.bundle)["redaction"]["mapping"]
    assert recorded == f"{host}-key.json"


# -- the command line --------------------------------------------------------------------------

INPUTS = ("root", "bundle", "sos")
FORMATS = {"check": ("text", "json", "md", "junit"),
           "report": ("html", "md", "json", "xml", "txt")}


def _runs(verb: str, given: str, out: Path) -> list[list[str]]:
    if verb == "check":
        return [["check", given, "--redact", "--format", f, "-o", str(out / f"check.{f}")]
                for f in FORMATS["check"]]
    if verb == "report":
        return [["report", given, "--redact", "-o", str(out / f"report.{ext}")]
                for ext in FORMATS["report"]]
    if verb == "audit":
        return [["audit", given, "--redact", "-q", "-o", str(out / "audit")]]
    if verb == "ticket":
        return [["ticket", given, "-o", str(out / "case.tar.gz")]]
    return [["redact", given, "-o", str(out / "redacted.json")]]


def _texts(out: Path) -> dict[str, str]:
    """Every file written under `out`, ticket members unpacked, PDFs as their text."""
    texts: dict[str, str] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.name.endswith(".tar.gz"):
            with tarfile.open(path, "r:gz") as tar:
                for member in tar.getmembers():
                    texts[f"{path.name}:{member.name}"] = member.name
                    handle = tar.extractfile(member)
                    if handle is not None:
                        data = handle.read()
                        texts[f"{path.name}:{member.name}"] += "\n" + (
                            pdf_text(data) if member.name.endswith(".pdf")
                            else data.decode("utf-8"))
        elif path.suffix == ".pdf":
            texts[path.name] = pdf_text(path.read_bytes())
        else:
            texts[str(path.relative_to(out))] = path.read_text("utf-8")
    return texts


@pytest.fixture()
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """`audit` and `ticket` without their PDF, seconds to make: it is the HTML report
    printed (render/pdf.py), and test_redact_outputs.py searches every sample's PDF."""
    import nestaudit.render as render_mod

    real = render_mod.render

    def render(report: Any, fmt: Any, **kwargs: Any) -> bytes:
        if fmt is render_mod.OutputFormat.PDF:
            raise RenderError("no PDF in this test")
        return real(report, fmt, **kwargs)

    monkeypatch.setattr(render_mod, "render", render)


@pytest.mark.usefixtures("no_pdf")
@pytest.mark.parametrize("verb", ["check", "report", "audit", "ticket", "redact"])
@pytest.mark.parametrize("kind", INPUTS)
def test_no_planted_value_in_any_output_of_the_command_line(
    kind: str, verb: str, planted: Planted, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    given = {"root": planted.root, "bundle": planted.bundle_file, "sos": planted.sos}[kind]
    secrets = {"root": secrets_of("leaks/root"),
               "bundle": secrets_of("leaks/root") + secrets_of("leaks/edits"),
               "sos": secrets_of("leaks/sos")}[kind]
    assert "zebra07" in given.name  # the input's own name holds the host name
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(tmp_path)  # no ./nestaudit-redact.json here: the default key is made
    printed = []
    for argv in _runs(verb, str(given), out):
        code = cli.main(argv)
        captured = capsys.readouterr()
        assert code in (0, 1), captured.err
        printed.append(captured.out + captured.err)
    texts = _texts(out)
    assert len(texts) >= len(printed)
    leaks = {name: leaked(secrets, text) for name, text in texts.items()}
    leaks["printed"] = leaked(secrets, "\n".join(printed))
    assert not {k: v for k, v in leaks.items() if v}, f"secrets left: {leaks}"
    assert "created the redaction key" in printed[0]


def _original(kind: str, planted: Planted) -> dict[str, Any]:
    from nestaudit.inputs import load_input

    given = {"root": planted.root, "bundle": planted.bundle_file, "sos": planted.sos}[kind]
    data: dict[str, Any] = load_input(str(given)).data
    return data


@pytest.mark.parametrize("kind", INPUTS)
def test_the_lists_are_in_the_inputs(kind: str, planted: Planted) -> None:
    secrets = {"root": secrets_of("leaks/root"),
               "bundle": secrets_of("leaks/root") + secrets_of("leaks/edits"),
               "sos": secrets_of("leaks/sos")}[kind]
    _present(secrets, bundle_text(_original(kind, planted)))


def test_a_redacted_report_names_inputs_by_their_redacted_names(
    planted: Planted, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    key = tmp_path / "key.json"
    cli.main(["check", str(planted.sos), str(planted.root), "--redact", "--mapping", str(key),
              "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    redactor = Redactor(key)
    host = redactor.label("hostname", "zebra07")
    assert sorted(s["origin"] for s in report["generated_from"]) == sorted(
        [f"sosreport-{host}-01234567-2025-04-20-qpkxdid.tar.xz", f"{host}-root"])
