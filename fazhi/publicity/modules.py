# Modules that contribute public pages (public_urls.py), in the order the portal lists them. A module without a
# public_urls.py is skipped, so an app lists itself here once and adds its public pages when it has them.
MODULES = (
    "powers",
    "inspections",
    "cases",
    "credit",
    "complaints",
    "registry",
    "sampling",
    "remedies",
    "disclosure",
    "normative_docs",
    "major_decisions",
    "activities",
    "reports",
    "core",
)
