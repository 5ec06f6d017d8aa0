"""nestaudit: audit KVM hosts for nested virtualization.

The pipeline is collect -> bundle -> facts -> judge (with the rule engine) -> render; each
stage is a subpackage or module named after it (docs/architecture.md).
"""

__version__ = "0.1.0"

DOC_URL = (
    "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/10/html/"
    "configuring_and_managing_linux_virtual_machines/creating-nested-virtual-machines"
)
DOC_TITLE = (
    "RHEL 10, Configuring and managing Linux virtual machines, "
    "ch. 21 Creating nested virtual machines"
)
