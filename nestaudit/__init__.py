"""nestaudit: audit KVM hosts for nested virtualization.

The pipeline is collect -> bundle -> facts -> evaluate -> render; each stage is a
subpackage or module named after it.
"""

__version__ = "0.1.0"

DOC_URL = (
    "https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/10/html/"
    "configuring_and_managing_linux_virtual_machines/creating-nested-virtual-machines"
)
