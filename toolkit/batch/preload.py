"""Imported by the render workers' fork server (see :mod:`toolkit.batch.workers`): importing it
warms the engines up, once, before the server forks any worker. Nothing else imports it."""

from toolkit.batch.workers import warm_up

warm_up()
