# Modules that contribute public pages (public_urls.py), in the order the portal lists them.
MODULES = ("powers", "inspections", "cases", "credit", "complaints", "registry")
