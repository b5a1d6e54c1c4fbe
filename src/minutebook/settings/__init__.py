"""Settings package: base, dev, test, production. Pick one with DJANGO_SETTINGS_MODULE."""
