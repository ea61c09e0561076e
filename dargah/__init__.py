"""Composition root: the `dargah` command and the web app that joins API and UI.

Everything below this package takes its configuration as arguments; only this
package reads the environment (through :class:`dargah.settings.Settings`).
"""
