"""`nestaudit fleet`: judge a fleet's bundles and sosreports into one report.

`discover` turns the command line into inputs, `work` is what the worker processes do,
`linking` finds which inputs must be judged together, `spool` keeps results on disk as
they arrive, `writers` and `page` write fleet.json, fleet.csv and fleet.html, and `run`
puts them together.
"""
