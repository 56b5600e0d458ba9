"""From folders to a Register: discovery, the loader, schema errors turned into messages."""
