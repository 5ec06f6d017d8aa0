"""Unit tests of the fact parsers on inline content, each named after the file it came from."""

from __future__ import annotations

import pytest

from nestaudit.facts.parsers import container, hypervisor, osrelease
from nestaudit.facts.parsers.cmdline import parse_cmdline
from nestaudit.facts.parsers.cpuinfo import missing_detail, parse_cpuinfo, virt_flags_needed
from nestaudit.facts.parsers.dmidecode import parse_dmidecode
from nestaudit.facts.parsers.domainxml import parse_domain_xml
from nestaudit.facts.parsers.modprobe import applied_files, logical_lines, parse_options
from nestaudit.facts.parsers.modules import kvm_modules, parse_modules
from nestaudit.facts.parsers.osinfo import guest_os
from nestaudit.facts.parsers.osrelease import os_family, parse_os_release, parse_redhat_release
from nestaudit.facts.parsers.params import parse_bool
from nestaudit.facts.parsers.sysinfo import parse_sysinfo
from nestaudit.values import Version


def _x86_block(n: int, flags: str, vmx_flags: str | None = None) -> str:
    text = (
        f"processor\t: {n}\nvendor_id\t: GenuineIntel\nmodel name\t: Test Xeon\n"
        f"flags\t\t: {flags}\n"
    )
    if vmx_flags is not None:
        text += f"vmx flags\t: {vmx_flags}\n"
    return text + "\n"


class TestCpuinfo:
    def test_ept_missing_on_some_cpus_is_reported_per_cpu(self) -> None:
        text = (
            _x86_block(0, "fpu lm vmx ept")
            + _x86_block(1, "fpu lm vmx ept")
            + _x86_block(2, "fpu lm vmx")
            + _x86_block(3, "fpu lm vmx")
        )
        info = parse_cpuinfo(text)
        assert info is not None
        assert info.vendor == "intel" and info.count == 4 and info.arch_hint == "x86_64"
        assert info.common_flags == ["fpu", "lm", "vmx"]
        missing, detail = missing_detail(info, virt_flags_needed("intel", "x86_64"))
        assert missing == ["ept"]
        assert detail == ["ept missing on CPUs 2, 3"]

    def test_vmx_flags_line_ept_counts_as_ept(self) -> None:
        info = parse_cpuinfo(_x86_block(0, "fpu lm vmx", "vnmi ept vpid"))
        assert info is not None
        assert "ept" in info.common_flags
        assert info.ept_from_vmx_line is True

    def test_no_lm_flag_is_i686(self) -> None:
        info = parse_cpuinfo(_x86_block(0, "fpu vmx"))
        assert info is not None and info.arch_hint == "i686"

    def test_amd_needs_svm_and_npt(self) -> None:
        text = "processor : 0\nvendor_id : AuthenticAMD\nflags : lm svm\n"
        info = parse_cpuinfo(text)
        assert info is not None and info.vendor == "amd"
        missing, detail = missing_detail(info, virt_flags_needed("amd", "x86_64"))
        assert missing == ["npt"] and detail == ["npt missing on every CPU (1)"]

    def test_s390x_features_and_machine(self) -> None:
        text = (
            "vendor_id       : IBM/S390\n# processors    : 2\n"
            "features\t: esan3 zarch stfle sie\n"
            "processor 0: version = 00,  identification = 4729E7,  machine = 2964\n"
            "processor 1: version = 00,  identification = 4729E7,  machine = 2964\n"
        )
        info = parse_cpuinfo(text)
        assert info is not None
        assert (info.vendor, info.model, info.count, info.arch_hint) == ("ibm", "2964", 2, "s390x")
        assert "sie" in info.common_flags
        assert virt_flags_needed("ibm", "s390x") == ["sie"]

    def test_aarch64_layout(self) -> None:
        text = (
            "processor\t: 0\nBogoMIPS\t: 100.00\nFeatures\t: fp asimd evtstrm cpuid\n"
            "CPU implementer\t: 0x41\nCPU architecture: 8\nCPU part\t: 0xd0c\n\n"
        )
        info = parse_cpuinfo(text)
        assert info is not None
        assert (info.vendor, info.model, info.arch_hint) == ("arm", "0xd0c", "aarch64")
        assert virt_flags_needed("arm", "aarch64") == []

    def test_empty_text_is_none(self) -> None:
        assert parse_cpuinfo("") is None


class TestOsRelease:
    def test_quotes_and_comments(self) -> None:
        rel = parse_os_release('# comment\nID="rhel"\nVERSION_ID=\'9.6\'\nNAME=Red\\ Hat\n')
        assert rel.get("ID") == "rhel" and rel.get("VERSION_ID") == "9.6"

    def test_a_text_read_again_gives_its_own_fields(self) -> None:
        text = 'ID="fedora"\nVERSION_ID=41\n'
        first = parse_os_release(text)
        first.fields["ID"] = "changed"  # what one host's reader does is not the next's
        hits = osrelease._kept_fields.cache_info().hits
        assert parse_os_release(text).fields == {"ID": "fedora", "VERSION_ID": "41"}
        assert osrelease._kept_fields.cache_info().hits == hits + 1

    def test_a_huge_text_is_read_but_not_kept(self) -> None:
        kept = osrelease._kept_fields.cache_info().currsize
        huge = "ID=rhel\n" + "#" * (1 << 20) + "\n"
        assert parse_os_release(huge).get("ID") == "rhel"
        assert osrelease._kept_fields.cache_info().currsize == kept

    def test_redhat_release_fallback(self) -> None:
        rel = parse_redhat_release("Red Hat Enterprise Linux release 8.10 (Ootpa)\n")
        assert rel is not None
        assert rel.get("ID") == "rhel" and rel.get("VERSION_ID") == "8.10"

    @pytest.mark.parametrize(
        ("os_id", "like", "family"),
        [
            ("rhel", "fedora", "rhel"),
            ("centos", "rhel fedora", "rhel-like"),
            ("almalinux", "rhel centos fedora", "rhel-like"),
            ("fedora", "", "fedora"),
            ("ubuntu", "debian", "debian"),
            ("arch", "", "other"),
        ],
    )
    def test_family(self, os_id: str, like: str, family: str) -> None:
        assert os_family(os_id, like) == family


def test_proc_modules_kvm_names() -> None:
    text = (
        "kvm_intel 479232 0 - Live 0x0000000000000000\n"
        "kvm 1425408 1 kvm_intel, Live 0x0000000000000000\n"
        "irqbypass 12288 1 kvm, Live 0x0000000000000000\n"
    )
    assert kvm_modules(parse_modules(text)) == ["kvm", "kvm_intel"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("Y\n", True), ("N\n", False), ("1\n", True), ("0\n", False), ("y", True),
     ("n", False), ("on", True), ("off", False), ("2", True), ("", None), ("maybe", None)],
)
def test_module_parameter_booleans(text: str, value: bool | None) -> None:
    assert parse_bool(text) is value


def test_cmdline_both_spellings_and_stop_at_double_dash() -> None:
    params = parse_cmdline(
        'BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro kvm_intel.nested=1 kvm-amd.nested=0 '
        'quiet -- kvm.nested=1\n'
    )
    assert [(p.module, p.param, p.value) for p in params] == [
        ("kvm_intel", "nested", "1"),
        ("kvm_amd", "nested", "0"),
    ]


class TestModprobe:
    def test_options_lines_continuations_comments_and_other_commands(self) -> None:
        text = (
            "# options kvm_intel nested=0\n"
            "install kvm_intel /bin/true\n"
            "blacklist kvm_amd\n"
            "options kvm-intel enable_shadow_vmcs=1 \\\n"
            "    nested=1\n"
            "options kvm_intel nested=Y ept\n"
        )
        got = [(a.line, a.module, a.param, a.value) for a in parse_options("/f.conf", text)]
        assert got == [
            (4, "kvm_intel", "enable_shadow_vmcs", "1"),
            (4, "kvm_intel", "nested", "1"),
            (6, "kvm_intel", "nested", "Y"),
            (6, "kvm_intel", "ept", "1"),
        ]

    def test_logical_lines_trailing_backslash_at_end(self) -> None:
        assert logical_lines("a \\\nb\nc \\") == [(1, "a  b"), (3, "c  ")]

    def test_earlier_directory_hides_same_name_and_files_sort_by_name(self) -> None:
        order = applied_files([
            ("/etc/modprobe.d", ["kvm.conf", "zz.conf", "README"]),
            ("/usr/lib/modprobe.d", ["kvm.conf", "a.conf"]),
        ])
        assert order == [
            ("a.conf", "/usr/lib/modprobe.d"),
            ("kvm.conf", "/etc/modprobe.d"),
            ("zz.conf", "/etc/modprobe.d"),
        ]


class TestSysinfo:
    def test_zvm_guest(self) -> None:
        info = parse_sysinfo(
            "LPAR Number:          21\nLPAR Name:            L15\n\n"
            "VM00 Name:            DEVEL1\nVM00 Control Program: z/VM    6.1.0   \n"
        )
        assert info.level == "zvm"
        assert info.control_programs == ("z/VM 6.1.0",)

    def test_kvm_guest_inside_zvm_is_kvm(self) -> None:
        info = parse_sysinfo(
            "LPAR Name: L16\nVM00 Control Program: KVM/Linux\nVM01 Control Program: z/VM 6.4.0\n"
        )
        assert info.level == "kvm"

    def test_lpar_only(self) -> None:
        assert parse_sysinfo("LPAR Number: 71\nLPAR Name: S35LP67\n").level == "lpar"


def test_dmidecode_system_information() -> None:
    text = (
        "Handle 0x0000, DMI type 0, 24 bytes\nBIOS Information\n\tVendor: SeaBIOS\n\n"
        "Handle 0x0100, DMI type 1, 27 bytes\nSystem Information\n"
        "\tManufacturer: Red Hat\n\tProduct Name: KVM\n\tSerial Number: Not Specified\n"
        "\tUUID: 469665C0-69F7-436B-BBF3-6632988BEDC8\n\tFamily: Red Hat Enterprise Linux\n"
    )
    dmi = parse_dmidecode(text)
    assert dmi["sys_vendor"] == "Red Hat" and dmi["product_name"] == "KVM"
    assert dmi["product_family"] == "Red Hat Enterprise Linux"
    assert dmi["product_uuid"] == "469665C0-69F7-436B-BBF3-6632988BEDC8"
    assert dmi["bios_vendor"] == "SeaBIOS"
    assert hypervisor.dmi_hypervisor(dmi) == "kvm"
    assert hypervisor.dmi_cloud(dmi) == "rhel-kvm"


@pytest.mark.parametrize(
    ("dmi", "hv", "cloud"),
    [
        ({"sys_vendor": "Red Hat", "product_name": "OpenStack Compute"}, "kvm", "openstack"),
        ({"sys_vendor": "OpenStack Foundation", "product_name": "OpenStack Nova"}, "kvm",
         "openstack"),
        ({"sys_vendor": "Red Hat", "product_name": "OpenShift Virtualization"}, "kvm",
         "openshift-virtualization"),
        ({"sys_vendor": "KubeVirt", "product_name": "None"}, "kvm", "kubevirt"),
        ({"sys_vendor": "oVirt", "product_name": "oVirt Node", "product_family": "oVirt"}, "kvm",
         "rhv"),
        ({"sys_vendor": "Amazon EC2", "product_name": "m5.metal"}, "none", "aws"),
        ({"sys_vendor": "Microsoft Corporation", "product_name": "Virtual Machine",
          "chassis_asset_tag": "7783-7084-3265-9085-8269-3286-77"}, "hyperv", "azure"),
        ({"sys_vendor": "Dell Inc.", "product_name": "PowerEdge R740"}, None, "none"),
    ],
)
def test_dmi_vocabulary(dmi: dict[str, str], hv: str | None, cloud: str) -> None:
    assert hypervisor.dmi_hypervisor(dmi) == hv
    assert hypervisor.dmi_cloud(dmi) == cloud


def test_virt_what_and_systemd_detect_virt_words() -> None:
    assert hypervisor.virt_what("xen\nxen-hvm\naws\n") == ("xen", "aws", None)
    assert hypervisor.virt_what("aws\n") == ("none", "aws", None)
    assert hypervisor.virt_what("rhev\nredhat\nkvm\n") == ("kvm", "rhv", None)
    assert hypervisor.virt_what("ibm_systemz\nibm_systemz-zvm\n") == ("zvm", None, None)
    assert hypervisor.virt_what("crio\n") == ("none", None, "crio")
    assert hypervisor.systemd_detect_virt("microsoft\n") == "hyperv"
    assert hypervisor.systemd_detect_virt("none\n") == "none"
    assert hypervisor.systemd_detect_virt("acrn\n") == "other"


def test_container_markers() -> None:
    assert container.from_environ("PATH=/bin\x00container=oci\x00HOME=/root") == "oci"
    assert container.from_environ("PATH=/bin\x00HOME=/root") is None
    assert container.from_containerenv('engine="podman-5.2.2"\nname="x"\n') == "podman"
    assert container.from_cgroup("0::/system.slice/crio-3f2a9c.scope\n") == "crio"
    assert container.from_cgroup("0::/init.scope\n") is None


@pytest.mark.parametrize(
    ("os_id", "family", "version", "kind", "label"),
    [
        ("http://redhat.com/rhel/9.6", "rhel", Version((9, 6)), "", "RHEL 9.6"),
        ("http://redhat.com/rhel/10.0", "rhel", Version((10,)), "", "RHEL 10.0"),
        ("http://microsoft.com/win/10", "windows", Version((10,)), "client", "Windows 10"),
        ("http://microsoft.com/win/11", "windows", Version((11,)), "client", "Windows 11"),
        ("http://microsoft.com/win/2k22", "windows", Version((2022,)), "server",
         "Windows Server 2022"),
        ("http://microsoft.com/win/2k25", "windows", Version((2025,)), "server",
         "Windows Server 2025"),
        ("http://microsoft.com/win/2k12r2", "windows", Version((2012, 2)), "server",
         "Windows Server 2012 R2"),
        ("http://fedoraproject.org/fedora/30", "fedora", Version((30,)), "", "Fedora 30"),
        ("http://centos.org/centos-stream/9", "centos-stream", Version((9,)), "",
         "CentOS Stream 9"),
        ("http://ubuntu.com/ubuntu/24.04", "ubuntu", Version((24, 4)), "", "Ubuntu 24.04"),
    ],
)
def test_libosinfo_ids(
    os_id: str, family: str, version: Version, kind: str, label: str
) -> None:
    guest = guest_os(os_id)
    assert (guest.family, guest.version, guest.kind, guest.label) == (
        family, version, kind, label
    )


def test_libosinfo_without_version() -> None:
    guest = guest_os("http://fedoraproject.org/fedora/unknown")
    assert guest.family == "fedora" and guest.version is None
    assert guest_os("http://microsoft.com/win/2k16").version < Version((2019,))


class TestDomainXml:
    def test_doctype_and_entities_are_refused(self) -> None:
        text = (
            '<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY a "aaaa">]>\n'
            "<domain type='kvm'><name>&a;</name></domain>"
        )
        dom = parse_domain_xml(text, "/etc/libvirt/qemu/evil.xml", "evil")
        assert dom.name == "evil"
        assert dom.problem == (
            "/etc/libvirt/qemu/evil.xml: refused: the document declares a DTD or entities"
        )

    def test_broken_xml_is_a_problem_with_position(self) -> None:
        dom = parse_domain_xml("<domain>\n<name>x</nam>", "/etc/libvirt/qemu/x.xml", "x")
        assert dom.problem is not None
        assert dom.problem.startswith("/etc/libvirt/qemu/x.xml: line 2, column")
        assert "invalid XML: mismatched tag" in dom.problem

    def test_not_a_domain(self) -> None:
        dom = parse_domain_xml("<network/>", "/etc/libvirt/qemu/n.xml", "n")
        assert dom.problem == (
            "/etc/libvirt/qemu/n.xml: not a libvirt domain (root element <network>)"
        )

    def test_cpu_without_mode_but_with_model_is_custom(self) -> None:
        dom = parse_domain_xml(
            "<domain type='kvm'><name>a</name><cpu><model>Haswell</model>"
            "<feature name='vmx'/></cpu></domain>",
            "x", None,
        )
        assert dom.cpu_mode == "custom"
        assert dom.features == (("require", "vmx"),)
