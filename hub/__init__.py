"""The runtime the services share: bus, store, settings, metrics, web and the command line."""
