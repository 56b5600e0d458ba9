"""pdca: 廉洁风险防控 as a PDCA loop over version-controlled YAML registers."""

__version__ = "0.1.0"
