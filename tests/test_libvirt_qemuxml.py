"""Domain CPU exposure against libvirt's own expectations: each domain XML of libvirt's
qemuxml2argv tests (tests/corpus/libvirt-qemuxml/, README.md there) is judged by nestaudit and
compared with the `-cpu` argument libvirt's test expects QEMU to get for it.

What the `-cpu` value says (the expectation, read without nestaudit's parser):
- `host` or `max`: the guest sees the host's vmx/svm;
- `vmx=on` / `+vmx` (svm alike): it does; `vmx=off` / `-vmx`: it does not;
- otherwise the model decides, as libvirt's CPU map (nestaudit/data/cpu_map.json, checked
  against its XML by tests/test_cpu_map.py) defines it; no `-cpu` at all is QEMU's default
  model, qemu64 for an x86_64 guest and qemu32 for an i686 one.

The host side each case is judged on: an Intel host (vmx on every CPU, kvm_intel nested=Y)
unless the `-cpu` value names svm and not vmx, then an AMD host (svm, kvm_amd nested=1).
libvirt's qemuxml2argv tests run against a fake Intel host CPU that has vmx (their
host-model expansions add +vmx), so Intel with nesting on is the host these arguments were
made for. No virsh domcapabilities: host-model is judged by nesting, as verdicts.md reads it.
"""

from __future__ import annotations

import json
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nestaudit.facts.cpumap import TABLE, shipped_map
from nestaudit.facts.exposure import HostSide, exposure
from nestaudit.facts.parsers.domainxml import parse_domain_xml

CASES_DIR = Path(__file__).parent / "corpus" / "libvirt-qemuxml"
MODELS = json.loads(TABLE.read_text("utf-8"))["models"]
DEFAULT_MODEL = {"x86_64": "qemu64", "i686": "qemu32"}

# (case: its folder and file name without .xml/.args, the -cpu value its .args file holds)
CASES = [
    ('qemuxml2argvdata/qemuxml2argv-cpu-Haswell-noTSX', 'Haswell-noTSX'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-Haswell', 'Haswell'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-Haswell2', 'Haswell,-hle,-rtm'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-Haswell3', 'Haswell,+rtm,+hle'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-eoi-disabled', 'qemu32,-kvm_pv_eoi'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-eoi-enabled', 'qemu32,+kvm_pv_eoi'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-exact1',
     'qemu64,-mca,-pse36,-clflush,-syscall,-nx,-lm,-svm'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-exact2-nofallback',
     'core2duo,+lahf_lm,+3dnowext,+xtpr,+ds_cpl,+tm,+ht,+ds,-nx'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-exact2',
     'core2duo,+ds,+ht,+tm,+ds_cpl,+xtpr,+3dnowext,+lahf_lm,-nx'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-fallback', 'Penryn,-sse4.1'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-host-kvmclock', 'host,-kvmclock'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-host-model-fallback',
     'Penryn,+vme,+ds,+acpi,+ss,+ht,+tm,+pbe,+monitor,+ds_cpl,+vmx,+est,+tm2,+xtpr,'
     '-sse4.1'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-host-model-vendor',
     'core2duo,vendor=Libvirt QEMU,+lahf_lm,+xtpr,+cx16,+tm2,+est,+vmx,+ds_cpl,+pbe,'
     '+tm,+ht,+ss,+acpi,+ds'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-host-model',
     'core2duo,+ds,+acpi,+ss,+ht,+tm,+pbe,+ds_cpl,+vmx,+est,+tm2,+cx16,+xtpr,+lahf_lm'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-host-passthrough', 'host'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-kvmclock', 'core2duo,-kvmclock'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-minimum1',
     'core2duo,+ds,+acpi,+ss,+ht,+tm,+pbe,+ds_cpl,+vmx,+est,+tm2,+cx16,+xtpr,+lahf_lm'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-minimum2',
     'core2duo,+ds,+acpi,+ss,+ht,+tm,+pbe,+ds_cpl,+vmx,+est,+tm2,+cx16,+xtpr,+lahf_lm,'
     '-syscall,-nx,-lm'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-numa1', None),
    ('qemuxml2argvdata/qemuxml2argv-cpu-numa2', None),
    ('qemuxml2argvdata/qemuxml2argv-cpu-strict1',
     'core2duo,+ds,+acpi,+ht,+tm,+ds_cpl,+vmx,+est,+xtpr,+3dnowext,+lahf_lm,-nx'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-topology1', None),
    ('qemuxml2argvdata/qemuxml2argv-cpu-topology2', 'core2duo'),
    ('qemuxml2argvdata/qemuxml2argv-cpu-topology3', None),
    ('qemuxml2argvdata/qemuxml2argv-kvm-features', 'qemu32,kvm=off'),
    ('qemuxml2argvdata/qemuxml2argv-minimal', None),
    ('qemuxmlconfdata/cpu-Haswell2.x86_64-latest', 'Haswell,hle=off,rtm=off'),
    ('qemuxmlconfdata/cpu-Haswell3.x86_64-latest', 'Haswell,rtm=on,hle=on'),
    ('qemuxmlconfdata/cpu-eoi-disabled.x86_64-latest', 'qemu32,kvm-pv-eoi=off'),
    ('qemuxmlconfdata/cpu-eoi-enabled.x86_64-latest', 'qemu32,kvm-pv-eoi=on'),
    ('qemuxmlconfdata/cpu-exact1.x86_64-latest',
     'qemu64,mca=off,pse36=off,clflush=off,syscall=off,nx=off,lm=off,svm=off'),
    ('qemuxmlconfdata/cpu-exact2.x86_64-latest',
     'core2duo,ds=on,tm=on,ds-cpl=on,xtpr=on,3dnowext=on,lahf-lm=on,nx=off,cx16=off,'
     'tm2=off,pbe=off,ss=off,sse4a=off,wdt=off'),
    ('qemuxmlconfdata/cpu-host-kvmclock.x86_64-latest', 'host,migratable=on,kvmclock=off'),
    ('qemuxmlconfdata/cpu-host-passthrough.x86_64-latest', 'host,migratable=on'),
    ('qemuxmlconfdata/cpu-kvmclock.x86_64-latest', 'core2duo,kvmclock=off'),
    ('qemuxmlconfdata/cpu-minimum1.x86_64-latest',
     'Haswell,vme=on,ds=on,acpi=on,ss=on,tm=on,pbe=on,dtes64=on,monitor=on,ds-cpl=on,'
     'vmx=on,smx=on,est=on,tm2=on,xtpr=on,pdcm=on,f16c=on,rdrand=on,pdpe1gb=on,abm=on,'
     'lahf-lm=on'),
    ('qemuxmlconfdata/cpu-strict1.x86_64-latest',
     'Haswell,ds=on,acpi=on,tm=on,ds-cpl=on,vmx=on,est=on,xtpr=on,3dnowext=on,'
     'lahf-lm=on,nx=off,cx16=off,tm2=off,pbe=off,ss=off,sse4a=off,wdt=off,vme=off,'
     'invtsc=off,abm=off,pdpe1gb=off,rdrand=off,f16c=off,pdcm=off,smx=off,monitor=off,'
     'dtes64=off'),
]


def _cpu_argument(args: Path) -> str | None:
    """The value after -cpu in a libvirt test's expected QEMU command line, or None."""
    words = shlex.split(args.read_text("utf-8").replace("\\\n", ""))
    return words[words.index("-cpu") + 1] if "-cpu" in words else None


def _host_flag(cpu: str | None) -> str:
    named = {part.lstrip("+-").split("=")[0] for part in (cpu or "").split(",")[1:]}
    return "svm" if "svm" in named and "vmx" not in named else "vmx"


def _libvirt_says(cpu: str | None, flag: str, guest_arch: str) -> bool:
    """Whether the guest sees `flag`, as the -cpu value libvirt expects says."""
    parts = cpu.split(",") if cpu is not None else [DEFAULT_MODEL[guest_arch]]
    for part in parts[1:]:
        if part in (f"+{flag}", f"{flag}=on"):
            return True
        if part in (f"-{flag}", f"{flag}=off"):
            return False
    if parts[0] in ("host", "max"):
        return True
    return bool(MODELS[parts[0]][flag])


def _guest_arch(text: str) -> str:
    os_type = ET.fromstring(text).find("os/type")
    assert os_type is not None
    return os_type.get("arch", "x86_64")


def _side(flag: str) -> HostSide:
    module = "kvm_intel" if flag == "vmx" else "kvm_amd"
    return HostSide(flag, "x86_64", True, f"/sys/module/{module}/parameters/nested", True,
                    None, None, shipped_map())


@pytest.mark.parametrize(("case", "cpu"), CASES, ids=[c for c, _ in CASES])
def test_exposure_agrees_with_libvirts_qemu_arguments(case: str, cpu: str | None) -> None:
    xml = CASES_DIR / f"{case}.xml"
    assert _cpu_argument(xml.with_suffix(".args")) == cpu, "the case's .args changed"
    text = xml.read_text("utf-8")
    flag = _host_flag(cpu)
    expected = _libvirt_says(cpu, flag, _guest_arch(text))
    got = exposure(parse_domain_xml(text, str(xml), None), _side(flag))
    assert got.value is expected, f"-cpu {cpu}: libvirt gives {flag}={expected}; {got.reason}"


def test_every_copied_case_is_judged() -> None:
    copied = sorted(p.relative_to(CASES_DIR).with_suffix("").as_posix()
                    for p in CASES_DIR.rglob("*.xml"))
    assert copied == sorted(c for c, _ in CASES)
    assert len(CASES) >= 20
    # both vendors are judged, and both answers occur
    assert {_host_flag(cpu) for _, cpu in CASES} == {"vmx", "svm"}
    answers = {
        _libvirt_says(cpu, _host_flag(cpu), _guest_arch((CASES_DIR / f"{c}.xml").read_text()))
        for c, cpu in CASES
    }
    assert answers == {True, False}
