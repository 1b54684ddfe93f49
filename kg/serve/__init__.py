"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint on a graph, with a query page.

The shape, outside in: `server` runs waitress (a WSGI server) on the WSGI
app of `app` (werkzeug), which reads the protocol request, picks the answer's
formats (`formats`) and hands the query to a pool of worker processes
(`worker`), each with the graph's Oxigraph store open read-only. A worker
that runs past the timeout is killed and replaced: pyoxigraph cannot stop a
query from another thread. `page` makes the query page.

Nothing is imported here, so that a worker process starts without the web
libraries.
"""
